/**
 * Connects broadcasts to the live origin: each broadcast's packaged output also lands in a `LiveMedia`
 * that serves LL-HLS and LL-DASH from memory. After the broadcast ends the media lingers briefly so
 * players finishing the last parts still get them, then the edge reads everything from storage.
 */
import type { Clock } from "#core/clock.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { LiveSinkFactory } from "../live/broadcast.ts";
import { LiveMedia } from "./live-media.ts";
import { ladderPartTarget } from "./part-target.ts";
import type { LiveMediaRegistry } from "./registry.ts";

export interface LiveSinkOptions {
  registry: LiveMediaRegistry;
  clock: Clock;
  /** How long ended media stays served from memory. */
  lingerMs?: number;
  /** Where the broadcasts' package writers store segments: listed segments older than the memory ring are read from it. */
  store?: ObjectStore;
}

export function liveMediaSinks(options: LiveSinkOptions): LiveSinkFactory {
  const lingerMs = options.lingerMs ?? 30_000;
  const { store } = options;
  return ({ mediaId, ladder, renditions, protection }) => {
    const media = new LiveMedia({
      mediaId,
      renditions,
      clock: options.clock,
      partTarget: ladderPartTarget(ladder),
      targetDuration: ladder.segmentDuration,
      lowLatency: ladder.latency === "low",
      ...(protection !== undefined ? { protection } : {}),
      ...(store !== undefined ? { readStored: async (rendition: string, sequence: number) => (await store.get(keys.segment(mediaId, rendition, sequence)))?.body } : {}),
    });
    options.registry.add(media);
    return {
      immediate: true,
      handle: (rendition, event) => media.handle(rendition, event),
      stored: (rendition, sequence) => media.stored(rendition, sequence),
      end: () => {
        media.end();
        setTimeout(() => {
          if (options.registry.get(mediaId) === media) options.registry.remove(mediaId);
        }, lingerMs).unref();
      },
    };
  };
}
