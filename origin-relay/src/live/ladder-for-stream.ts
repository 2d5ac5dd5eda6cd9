/** Fits a stream's configured ladder to what the publisher actually sends. */
import type { StreamRecord } from "#core/records/schemas.ts";
import { streamLadderConfig } from "#core/ladder/stream-ladder.ts";
import { selectLadder } from "#transcoder/ladder/select.ts";
import type { Ladder } from "#core/ladder/types.ts";
import type { IngestCodecInfo } from "../flv/codec-info.ts";

/** Used when a source declares nothing (no SPS we can read, no onMetaData): never upscaled past it. */
const ASSUMED_SOURCE = { width: 1280, height: 720, fps: 30 };

export function ladderForStream(stream: StreamRecord, info: IngestCodecInfo, hasAudio: boolean): Ladder {
  const video = info.video;
  const codec = video?.codec.startsWith("avc1") ? "h264" : video?.codec.startsWith("hvc1") || video?.codec.startsWith("hev1") ? "hevc" : (video?.codec ?? "h264");
  return selectLadder(
    {
      width: video?.width ?? ASSUMED_SOURCE.width,
      height: video?.height ?? ASSUMED_SOURCE.height,
      fps: video?.frameRate ?? ASSUMED_SOURCE.fps,
      videoCodec: codec,
      hasAudio,
      ...(info.metadata?.videoDataRate ? { bitrate: info.metadata.videoDataRate * 1000 } : {}),
    },
    streamLadderConfig(stream.ladder, stream.latencyMode),
  );
}
