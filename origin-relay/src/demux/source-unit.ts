/**
 * What a publisher session hands its broadcast, once per unit of input: the elementary-stream event
 * the demuxer read from it (for the in-process remuxer) and the container bytes (for an ffmpeg ladder).
 * A source demuxes each unit once; the bytes are produced only if a consumer asks for them.
 */
import type { RemuxInput } from "#transcoder/remux/remux-input.ts";

export interface SourceUnit {
  /** The codec configuration or coded sample this unit carries, when the source demuxes it. */
  readonly media: RemuxInput | undefined;
  /** The unit as container bytes (an FLV tag, MPEG-TS packets), for ffmpeg's stdin. */
  readonly bytes: Uint8Array;
  /** Bytes the unit holds in memory, for queue bounds. */
  readonly size: number;
}

/** Container bytes that carry no demuxed event (MPEG-TS packets, a container header). */
export function bytesUnit(bytes: Uint8Array): SourceUnit {
  return { media: undefined, bytes, size: bytes.byteLength };
}
