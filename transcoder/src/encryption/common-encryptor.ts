/**
 * What `cenc` and `cbcs` share (ISO/IEC 23001-7): the header gets protected sample entries and `pssh`
 * boxes, fragments get their samples encrypted with `senc`/`saiz`/`saio`. A scheme supplies its `tenc`
 * and its sample cipher; the encryptor remembers the track from the last header it protected.
 */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { TributaryError } from "#core/errors.ts";
import { sameBytes } from "#core/bytes/concat.ts";
import { FRAGMENT_LOCAL_GROUP_INDEX, writeSbgp } from "../boxes/sbgp.ts";
import { writeSeig } from "../boxes/seig.ts";
import type { Subsample } from "../boxes/senc.ts";
import { writeSgpd } from "../boxes/sgpd.ts";
import type { TrackEncryptionBox } from "../boxes/tenc.ts";
import { protectFragment } from "./fragment-protection.ts";
import type { FragmentExtras } from "./fragment-protection.ts";
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
  /** The next sample's IV to store in `senc` (empty with a constant IV). */
  nextIv(): Uint8Array;
  /** Encrypts `sample` in place under `iv` (the one `nextIv` gave it). */
  encrypt(track: ProtectedTrack, key: ContentKey, iv: Uint8Array, sample: Uint8Array, subsamples: Subsample[] | undefined): void;
}

const KEY_SIZE = 16;

function checkKey(key: ContentKey): void {
  if (key.kid.byteLength !== KEY_SIZE || key.key.byteLength !== KEY_SIZE) throw new TypeError("content keys and KIDs are 16 bytes");
}

export class CommonEncryptor implements MediaEncryptor {
  readonly scheme: "cenc" | "cbcs";
  readonly #rules: SchemeRules;
  #track: ProtectedTrack | undefined;
  /** The KID the last header's `tenc` names: fragments under another key say theirs. */
  #defaultKid: Uint8Array | undefined;

  constructor(rules: SchemeRules) {
    this.scheme = rules.scheme;
    this.#rules = rules;
  }

  init(init: Uint8Array, key: ContentKey): Uint8Array {
    checkKey(key);
    const track = protectedTrackOf(init);
    if (track.nal?.codec === "hevc" && !this.#rules.subsamples.allowHevcHeaderOnly) {
      // Checked here so a stream fails when its header arrives, not at its first fragment.
      throw new TributaryError("media.invalid", `${this.scheme} needs the slice header clear, and HEVC slice headers are not parsed: use cenc for HEVC`, { fatal: true, details: { format: track.format } });
    }
    const tenc = this.#rules.tenc(track, key);
    const bytes = protectInit(init, this.#rules.scheme, tenc, [clearKeyPssh(key.kid), ...(key.pssh ?? [])]);
    this.#track = track;
    this.#defaultKid = key.kid;
    return bytes;
  }

  fragment(fragment: Uint8Array, key: ContentKey, _sequence: number): Uint8Array {
    checkKey(key);
    const track = this.#track;
    if (track === undefined) throw new TypeError("fragment before any init segment");
    const nal = track.nal;
    const rotated = this.#defaultKid !== undefined && !sameBytes(this.#defaultKid, key.kid);
    return protectFragment(
      fragment,
      track,
      nal !== undefined,
      (sample) => {
        const subsamples = nal === undefined ? undefined : videoSubsamples(sample, nal, this.#rules.subsamples);
        const iv = this.#rules.nextIv();
        return { entry: { InitializationVector: iv, subsamples }, encrypt: (target) => this.#rules.encrypt(track, key, iv, target, subsamples) };
      },
      rotated ? this.#rotatedKeyBoxes(track, key) : undefined,
    );
  }

  /**
   * A fragment under a key other than the header's (key rotation, ISO/IEC 23001-7 §6): a `seig` sample
   * group names its KID for every sample, and `pssh` boxes in the `moof` let a player's CDM ask for it.
   */
  #rotatedKeyBoxes(track: ProtectedTrack, key: ContentKey): FragmentExtras {
    const { version: _version, ...seig } = this.#rules.tenc(track, key);
    const entry = new ByteWriter();
    writeSeig(entry, seig);
    const sgpd = new ByteWriter();
    writeSgpd(sgpd, { grouping_type: "seig", default_length: entry.length, entries: [entry.finish()] });
    const pssh = [clearKeyPssh(key.kid), ...(key.pssh ?? [])];
    return (sampleCount) => {
      const sbgp = new ByteWriter();
      writeSbgp(sbgp, { grouping_type: "seig", entries: [{ sample_count: sampleCount, group_description_index: FRAGMENT_LOCAL_GROUP_INDEX + 1 }] });
      return { traf: [sbgp.finish(), sgpd.finish()], moof: pssh };
    };
  }
}
