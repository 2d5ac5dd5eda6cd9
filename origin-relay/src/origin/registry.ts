/** Which media this relay serves live: the pipeline registers a `LiveMedia` on publish; the HTTP origin reads it. */
import type { LiveMedia } from "./live-media.ts";

export class LiveMediaRegistry {
  readonly #media = new Map<string, LiveMedia>();

  /** Registers `media` under its id; a second live media with the same id is a bug upstream. */
  add(media: LiveMedia): void {
    if (this.#media.has(media.mediaId)) throw new TypeError(`media ${media.mediaId} is already live here`);
    this.#media.set(media.mediaId, media);
  }

  get(mediaId: string): LiveMedia | undefined {
    return this.#media.get(mediaId);
  }

  /** Forgets `mediaId` (after its end, once the edge reads from storage); requests then get 404. */
  remove(mediaId: string): void {
    this.#media.delete(mediaId);
  }

  get size(): number {
    return this.#media.size;
  }
}
