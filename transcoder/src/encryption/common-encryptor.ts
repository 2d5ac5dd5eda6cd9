/**
 * What `cenc` and `cbcs` share (ISO/IEC 23001-7): the header gets protected sample entries and `pssh`
 * boxes, fragments get their samples encrypted with `senc`/`saiz`/`saio`. A scheme supplies its `tenc`
 * and its sample cipher; the encryptor remembers the track from the last header it protected.
 */
import type { Subsample } from "../boxes/senc.ts";
import type { TrackEncryptionBox } from "../boxes/tenc.ts";
import { protectFragment } from "./fragment-protection.ts";
import { clearKeyPssh, protectInit } from "./init-protection.ts";
import type { ContentKey, MediaEncryptor } from "./media-encryptor.ts";
import { protectedTrackOf } from "./protected-track.ts";
import type { ProtectedTrack } from "./protected-track.ts";
import { videoSubsamples } from "./video-subsamples.ts";
import type { SubsampleRules } from "./video-subsamples.ts";

export interface SchemeRules {
  scheme: "cenc" | "cbcs";
  tenc(track: ProtectedTrack, key: ContentKey): TrackEncryptionBox;
  subsamples: SubsampleRules;
  /** Encrypts `sample` in place; returns the IV to store in `senc` (empty with a constant IV). */
  encrypt(track: ProtectedTrack, key: ContentKey, sample: Uint8Array, subsamples: Subsample[] | undefined): Uint8Array;
}

const KEY_SIZE = 16;

function checkKey(key: ContentKey): void {
  if (key.kid.byteLength !== KEY_SIZE || key.key.byteLength !== KEY_SIZE) throw new TypeError("content keys and KIDs are 16 bytes");
}

export class CommonEncryptor implements MediaEncryptor {
  readonly scheme: "cenc" | "cbcs";
  readonly #rules: SchemeRules;
  #track: ProtectedTrack | undefined;

  constructor(rules: SchemeRules) {
    this.scheme = rules.scheme;
    this.#rules = rules;
  }

  init(init: Uint8Array, key: ContentKey): Uint8Array {
    checkKey(key);
    const track = protectedTrackOf(init);
    const tenc = this.#rules.tenc(track, key);
    const bytes = protectInit(init, this.#rules.scheme, tenc, [clearKeyPssh(key.kid), ...(key.pssh ?? [])]);
    this.#track = track;
    return bytes;
  }

  fragment(fragment: Uint8Array, key: ContentKey, _sequence: number): Uint8Array {
    checkKey(key);
    const track = this.#track;
    if (track === undefined) throw new TypeError("fragment before any init segment");
    const nal = track.nal;
    return protectFragment(fragment, track, nal !== undefined, (sample) => {
      const subsamples = nal === undefined ? undefined : videoSubsamples(sample, nal, this.#rules.subsamples);
      return { InitializationVector: this.#rules.encrypt(track, key, sample, subsamples), subsamples };
    });
  }
}
