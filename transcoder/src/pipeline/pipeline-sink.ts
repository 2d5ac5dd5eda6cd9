/** Where a pipeline's segmenter events go: the storage writer, the live origin, the thumbnailer. */
import type { SegmenterEvent } from "../cmaf/types.ts";

export interface PipelineSink {
  /** Receives events in order per rendition; a returned promise is awaited before the next event. */
  handle(rendition: string, event: SegmenterEvent): void | Promise<void>;
  /**
   * A memory-only sink (the live origin) is handed each event the moment the segmenter emits it,
   * never queued behind storage writes: a part must not wait for the previous segment's upload.
   */
  readonly immediate?: boolean;
}
