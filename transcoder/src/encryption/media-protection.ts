/**
 * Encrypts one media's segmenter events before anything stores or serves them: the stage between the
 * segmenter and its sinks (the package writer, the live origin). Each event is passed through the
 * scheme's MediaEncryptor under the key of its key period, and segments and parts are tagged with the
 * EXT-X-KEY they are listed under. Keys come from the sealed key store, once per period, and the next
 * period's key is fetched ahead so a rotation never waits on the store.
 */
import type { ContentKey, Encryption, EncryptionScheme } from "#core/drm/content-key.ts";
import type { ContentKeyStore } from "#core/drm/content-key-store.ts";
import type { KeyProvider } from "#core/drm/key-provider.ts";
import { keyPeriod } from "#core/drm/key-period.ts";
import { concat } from "#core/bytes/concat.ts";
import { contentProtection } from "../dash/content-protection.ts";
import type { DashContentProtection } from "../dash/types.ts";
import type { CmafPart, SegmenterEvent } from "../cmaf/types.ts";
import type { PlanKey } from "../playlist/plan.ts";
import { encryptorFor } from "./encryptors.ts";
import { hlsKeyTag } from "./hls-key-tag.ts";
import type { MediaEncryptor } from "./media-encryptor.ts";

export interface MediaProtectionOptions {
  scheme: EncryptionScheme;
  tenantId: string;
  mediaId: string;
  /** Segments per key period (live); absent: one key for the whole media (VOD). */
  rotationSegments?: number | undefined;
  keys: Pick<ContentKeyStore, "periodKey">;
  provider: KeyProvider;
  /** Defaults to a fresh one of the scheme's per rendition (encryptors.ts). */
  encryptor?: (rendition: string) => MediaEncryptor;
}

/** The protection of a media whose record says `encryption`; `undefined` for `none`. */
export function mediaProtection(encryption: Encryption, options: Omit<MediaProtectionOptions, "scheme">): MediaProtection | undefined {
  return encryption === "none" ? undefined : new MediaProtection({ ...options, scheme: encryption });
}

/** Key periods kept in memory behind the newest one asked for. */
const KEPT_PERIODS = 2;

export class MediaProtection {
  readonly scheme: EncryptionScheme;
  readonly #options: MediaProtectionOptions;
  readonly #encryptors = new Map<string, MediaEncryptor>();
  readonly #fetching = new Map<number, Promise<ContentKey>>();
  readonly #known = new Map<number, ContentKey>();
  /** Per rendition: the encrypted parts of the segment being cut, reused when it completes. */
  readonly #openParts = new Map<string, CmafPart[]>();
  /** Per rendition: the sequence of the next segment, whose key a new header is written with. */
  readonly #nextSequence = new Map<string, number>();

  constructor(options: MediaProtectionOptions) {
    this.scheme = options.scheme;
    this.#options = options;
  }

  /** Whether a DASH MPD can describe this media: not for `aes-128`, which only HLS can decrypt. */
  get dash(): boolean {
    return this.scheme !== "aes-128";
  }

  /** `event` as it must be stored and served. */
  async protect(rendition: string, event: SegmenterEvent): Promise<SegmenterEvent> {
    if (event.type === "init") {
      const key = await this.keyFor(this.#nextSequence.get(rendition) ?? 0);
      return { type: "init", init: { ...event.init, bytes: this.#encryptor(rendition).init(event.init.bytes, key) } };
    }
    if (event.type === "part") {
      const { part } = event;
      const encrypted = await this.#part(rendition, part);
      const open = this.#openParts.get(rendition);
      if (open !== undefined && open[0]?.segmentSequence === part.segmentSequence) open.push(encrypted);
      else this.#openParts.set(rendition, [encrypted]);
      return { type: "part", part: encrypted };
    }
    const { segment } = event;
    const key = await this.keyFor(segment.sequence);
    const open = this.#openParts.get(rendition) ?? [];
    this.#openParts.delete(rendition);
    this.#nextSequence.set(rendition, segment.sequence + 1);
    const reusable = open.length === segment.parts.length && open.every((p, i) => p.segmentSequence === segment.sequence && p.index === segment.parts[i]?.index);
    const parts = reusable ? open : await Promise.all(segment.parts.map((p) => this.#part(rendition, p)));
    // A cenc/cbcs segment is its encrypted parts back to back (each fragment carries its own senc);
    // an aes-128 segment is one CBC object of its own.
    const bytes = this.scheme === "aes-128" ? this.#encryptor(rendition).fragment(segment.bytes, key, segment.sequence) : concat(parts.map((p) => p.bytes));
    return { type: "segment", segment: { ...segment, bytes, parts, key: this.#tag(key) } };
  }

  /** The key of media sequence `sequence`, from memory or the key store; the next period's is fetched ahead. */
  keyFor(sequence: number): Promise<ContentKey> {
    const period = this.#period(sequence);
    const key = this.#fetch(period);
    if (this.#options.rotationSegments !== undefined) void this.#fetch(period + 1).catch(() => undefined);
    return key;
  }

  /**
   * The MPD's ContentProtection for cenc/cbcs once the first key period's key is known (undefined
   * before, and for aes-128): mp4protection with that default KID, ClearKey pointing at the media's
   * license URL (`/k/<mediaId>/license`, which the edge gives the viewer's token), and the provider's pssh.
   */
  dashContentProtection(): DashContentProtection[] | undefined {
    const key = this.#known.get(0);
    if (key === undefined || this.scheme === "aes-128") return undefined;
    return contentProtection({ scheme: this.scheme, kid: key.kid, clearKeyLicenseUrl: `/k/${this.#options.mediaId}/license`, ...(key.pssh === undefined ? {} : { pssh: key.pssh }) });
  }

  /** The EXT-X-KEY of segment `sequence` if its key is already in memory (a preload hint's segment). */
  keyTag(sequence: number): PlanKey | undefined {
    const key = this.#known.get(this.#period(sequence));
    return key === undefined ? undefined : this.#tag(key);
  }

  async #part(rendition: string, part: CmafPart): Promise<CmafPart> {
    const key = await this.keyFor(part.segmentSequence);
    return { ...part, bytes: this.#encryptor(rendition).fragment(part.bytes, key, part.segmentSequence), key: this.#tag(key) };
  }

  #encryptor(rendition: string): MediaEncryptor {
    let encryptor = this.#encryptors.get(rendition);
    if (encryptor === undefined) this.#encryptors.set(rendition, (encryptor = this.#options.encryptor?.(rendition) ?? encryptorFor(this.scheme)));
    return encryptor;
  }

  #tag(key: ContentKey): PlanKey {
    return hlsKeyTag(this.scheme, this.#options.mediaId, key);
  }

  #period(sequence: number): number {
    const rotation = this.#options.rotationSegments;
    return rotation === undefined ? 0 : keyPeriod(sequence, rotation);
  }

  #fetch(period: number): Promise<ContentKey> {
    let fetching = this.#fetching.get(period);
    if (fetching !== undefined) return fetching;
    const { tenantId, mediaId, scheme, keys, provider } = this.#options;
    fetching = keys.periodKey({ tenantId, mediaId, scheme, period }, provider).then((key) => {
      this.#known.set(period, key);
      return key;
    });
    // A failed fetch is asked again next time rather than remembered.
    fetching.catch(() => this.#fetching.delete(period));
    this.#fetching.set(period, fetching);
    for (const old of [...this.#fetching.keys()].filter((p) => p < period - KEPT_PERIODS)) {
      this.#fetching.delete(old);
      this.#known.delete(old);
    }
    return fetching;
  }
}
