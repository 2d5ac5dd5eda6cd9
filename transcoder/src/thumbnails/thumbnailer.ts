/**
 * Thumbnails of a broadcast: a pipeline sink that watches one (the smallest) video rendition and, for
 * the first segment of every `intervalSeconds` of media time, stores a JPEG at
 * `media/<mediaId>/thumbnails/<n>.jpg` (n = media second / interval); the first also becomes
 * `poster.jpg`. An H.264 keyframe goes to the relay's shared long-lived decoder (`KeyframeDecoder`,
 * no process spawned per picture); other codecs, or no shared decoder, use a short one-shot ffmpeg.
 * While a picture is in progress the next slot is skipped, so thumbnails never compete with the live
 * encode for CPU.
 */
import type { Logger } from "#core-node/logger.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore, ObjectTags } from "#core/storage/object-store.ts";
import type { SegmenterEvent } from "../cmaf/types.ts";
import { defaultJpegPolicy, extractJpeg, type JpegPolicy } from "./extract-jpeg.ts";
import { isTributaryError } from "#core/errors.ts";
import type { KeyframeDecoder } from "./keyframe-decoder.ts";
import { decoderConfig, firstSample, type DecoderConfig } from "./keyframe-sample.ts";

export interface ThumbnailerOptions {
  store: ObjectStore;
  mediaId: string;
  /** The rendition to take pictures from. */
  rendition: string;
  ffmpegPath: string;
  intervalSeconds?: number;
  jpeg?: JpegPolicy;
  /** The relay's shared keyframe decoder; without it every picture is a one-shot ffmpeg. */
  decoder?: KeyframeDecoder | undefined;
  log?: Logger;
  /** Tags on every picture (a recording's, like the rest of its package). */
  tags?: ObjectTags | undefined;
}

export const THUMBNAIL_CACHE_CONTROL = "public, max-age=31536000, immutable";

export class Thumbnailer {
  readonly #options: ThumbnailerOptions;
  readonly #interval: number;
  readonly #inits = new Map<number, Uint8Array>();
  readonly #configs = new Map<Uint8Array, DecoderConfig>();
  #lastSlot = -1;
  #running: Promise<void> | undefined;
  #written = 0;
  #shed = 0;

  constructor(options: ThumbnailerOptions) {
    this.#options = options;
    this.#interval = options.intervalSeconds ?? 10;
    if (!(this.#interval > 0)) throw new TypeError("intervalSeconds must be positive");
  }

  /** Thumbnails stored so far. */
  get written(): number {
    return this.#written;
  }

  /** Pictures skipped because the shared decoder was busy. */
  get skipped(): number {
    return this.#shed;
  }

  /** Sink: never awaits the picture, so the packaging chain is not held up. */
  handle(rendition: string, event: SegmenterEvent): void {
    if (rendition !== this.#options.rendition) return;
    if (event.type === "init") this.#inits.set(event.init.version, event.init.bytes);
    if (event.type !== "segment") return;
    const segment = event.segment;
    const slot = Math.floor(segment.decodeTime / segment.timescale / this.#interval);
    const init = this.#inits.get(segment.initVersion);
    if (slot <= this.#lastSlot || init === undefined || this.#running !== undefined) return;
    this.#lastSlot = slot;
    this.#running = this.#capture(slot, init, segment.bytes).finally(() => (this.#running = undefined));
  }

  /** Resolves when the picture in progress (if any) is stored. */
  async idle(): Promise<void> {
    await this.#running;
  }

  async #capture(slot: number, init: Uint8Array, segment: Uint8Array): Promise<void> {
    const { store, mediaId, ffmpegPath, log } = this.#options;
    try {
      const jpeg = await this.#picture(ffmpegPath, init, segment);
      const put = { contentType: "image/jpeg", cacheControl: THUMBNAIL_CACHE_CONTROL, tags: this.#options.tags };
      await store.put(keys.thumbnail(mediaId, slot), jpeg, put);
      if (this.#written === 0) await store.put(keys.poster(mediaId), jpeg, { ...put, cacheControl: "public, max-age=60" });
      this.#written++;
    } catch (error) {
      // A busy shared decoder sheds pictures under load (it counts them in `refused`): said once per broadcast, not per picture.
      if (isTributaryError(error, "transcode.unavailable")) {
        if (this.#shed++ === 0) log?.warn({ err: error, mediaId, slot }, "thumbnails skipped while the keyframe decoder is busy; further skips are not logged");
        return;
      }
      log?.warn({ err: error, mediaId, slot }, "thumbnail not made");
    }
  }

  async #picture(ffmpegPath: string, init: Uint8Array, segment: Uint8Array): Promise<Uint8Array> {
    const decoder = this.#options.decoder;
    if (decoder !== undefined) {
      let config = this.#configs.get(init);
      if (config === undefined) this.#configs.set(init, (config = decoderConfig(init)));
      if (config.codec === "avc") return decoder.decode(config.avcC, firstSample(segment));
    }
    return extractJpeg(ffmpegPath, init, segment, this.#options.jpeg ?? defaultJpegPolicy);
  }
}
