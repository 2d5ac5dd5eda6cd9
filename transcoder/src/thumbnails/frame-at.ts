/**
 * Frames at any time for the Node edge's `thumbnail.jpg?time=`: one short ffmpeg per picture, fed the
 * header and the one segment that holds the time. ffmpeg starts the segment at 0 (its first timestamp
 * becomes the start), so the output-side `-ss` is the offset inside the segment; it decodes from the
 * segment's opening keyframe up to there, at most one GOP.
 */
import { jpegFromFfmpeg, type JpegPolicy } from "./extract-jpeg.ts";

export type FramePolicy = Pick<JpegPolicy, "quality" | "maxBytes" | "timeoutMs">;

export const defaultFramePolicy: FramePolicy = { quality: 4, maxBytes: 4 * 1024 * 1024, timeoutMs: 15_000 };

export function ffmpegFrameRenderer(ffmpegPath: string, policy: FramePolicy = defaultFramePolicy) {
  return {
    render(init: Uint8Array, segment: Uint8Array, offsetSeconds: number, width: number): Promise<Uint8Array> {
      if (!Number.isSafeInteger(width) || width <= 0) throw new TypeError("frame width must be a positive integer");
      const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "mp4", "-i", "pipe:0", "-ss", offsetSeconds.toFixed(3),
        "-frames:v", "1", "-an", "-vf", `scale=${width}:-2`, "-q:v", String(policy.quality), "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1"];
      return jpegFromFfmpeg(ffmpegPath, args, Buffer.concat([init, segment]), policy);
    },
  };
}
