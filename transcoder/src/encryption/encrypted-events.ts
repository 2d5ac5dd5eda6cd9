/**
 * Encrypts a rendition's segmenter events once for every sink (the live origin and the package
 * writer): each part as it is cut, and each segment as its encrypted parts back to back, which is
 * byte for byte what encrypting the whole segment gives, at half the work.
 */
import { concat } from "#core/bytes/concat.ts";
import type { CmafPart, SegmenterEvent } from "../cmaf/types.ts";
import type { ContentKey, MediaEncryptor } from "./media-encryptor.ts";

/**
 * @example
 * const encrypted = new EncryptedEvents(createCommonEncryptor("cenc"));
 * for (const event of segmenter.push(bytes)) await sink.handle(rendition, encrypted.apply(event, key));
 */
export class EncryptedEvents {
  readonly #encryptor: MediaEncryptor;
  /** Parts of the open segment, by the segmenter's part object, as encrypted. */
  readonly #parts = new WeakMap<CmafPart, CmafPart>();

  constructor(encryptor: MediaEncryptor) {
    this.#encryptor = encryptor;
  }

  /** `event` with its bytes encrypted under `key`: the same key for a segment and all its parts. */
  apply(event: SegmenterEvent, key: ContentKey): SegmenterEvent {
    if (event.type === "init") return { type: "init", init: { ...event.init, bytes: this.#encryptor.init(event.init.bytes, key) } };
    if (event.type === "part") return { type: "part", part: this.#part(event.part, key) };
    const parts = event.segment.parts.map((p) => this.#part(p, key));
    return { type: "segment", segment: { ...event.segment, parts, bytes: concat(parts.map((p) => p.bytes)) } };
  }

  #part(part: CmafPart, key: ContentKey): CmafPart {
    let encrypted = this.#parts.get(part);
    if (encrypted === undefined) this.#parts.set(part, (encrypted = { ...part, bytes: this.#encryptor.fragment(part.bytes, key, part.segmentSequence) }));
    return encrypted;
  }
}
