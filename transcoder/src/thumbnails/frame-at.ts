/**
 * Frames at any time for the Node edge's `thumbnail.jpg?time=`: one short ffmpeg per picture, fed the
 * header and the one segment that holds the time. ffmpeg starts the segment at 0 (its first timestamp
 * becomes the start), so the output-side `-ss` is the offset inside the segment; it decodes from the
 * segment's opening keyframe up to there, at most one GOP. Viewers choose the times, so decodes are
 * bounded: `maxRunning` at once and `maxQueued` waiting; more are refused (429, retry shortly) rather
 * than spawning without end.
 */
import { TributaryError } from "#core/errors.ts";
import { jpegFromFfmpeg, type JpegPolicy } from "./extract-jpeg.ts";

export interface FramePolicy extends Pick<JpegPolicy, "quality" | "maxBytes" | "timeoutMs"> {
  maxRunning: number;
  maxQueued: number;
}

export const defaultFramePolicy: FramePolicy = { quality: 4, maxBytes: 4 * 1024 * 1024, timeoutMs: 15_000, maxRunning: 2, maxQueued: 32 };

export function ffmpegFrameRenderer(ffmpegPath: string, policy: FramePolicy = defaultFramePolicy) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next !== undefined) {
      running++;
      next();
    }
  };
  const slot = (): Promise<void> => {
    if (running < policy.maxRunning) {
      running++;
      return Promise.resolve();
    }
    if (waiting.length >= policy.maxQueued) throw new TributaryError("auth.rate_limited", "too many pictures being decoded; retry shortly", { details: { retryAfterSeconds: 1 } });
    return new Promise((resolve) => waiting.push(resolve));
  };
  return {
    async render(init: Uint8Array, segment: Uint8Array, offsetSeconds: number, width: number): Promise<Uint8Array> {
      if (!Number.isSafeInteger(width) || width <= 0) throw new TypeError("frame width must be a positive integer");
      const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "mp4", "-i", "pipe:0", "-ss", offsetSeconds.toFixed(3),
        "-frames:v", "1", "-an", "-vf", `scale=${width}:-2`, "-q:v", String(policy.quality), "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1"];
      await slot();
      try {
        return await jpegFromFfmpeg(ffmpegPath, args, Buffer.concat([init, segment]), policy);
      } finally {
        release();
      }
    },
  };
}
