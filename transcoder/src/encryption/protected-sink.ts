/** A pipeline sink that hands `sink` every event encrypted by `protection`, in order per rendition. */
import type { PipelineSink } from "../pipeline/pipeline-sink.ts";
import type { MediaProtection } from "./media-protection.ts";

export function protectedSink(protection: MediaProtection, sink: PipelineSink): PipelineSink {
  return { handle: async (rendition, event) => sink.handle(rendition, await protection.protect(rendition, event)) };
}
