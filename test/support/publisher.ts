/** A real publisher: ffmpeg pushing a test pattern (testsrc2 + sine) over RTMP, RTMPS or SRT. */
import { spawn, type ChildProcess } from "node:child_process";

export interface PublishOptions {
  seconds: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Keyframe interval in frames; defaults to 2 s. */
  gop?: number;
  videoBitrate?: string;
  /** `flv` for RTMP(S), `mpegts` for SRT. */
  format?: "flv" | "mpegts";
  /** Publish the sine as AAC; false sends video only. Defaults to true. */
  audio?: boolean;
  /** B-frames between references; none by default (the zero-latency tuning). */
  bframes?: number;
}

export interface Publisher {
  process: ChildProcess;
  /** Resolves with ffmpeg's exit code and its stderr tail. */
  exited: Promise<{ code: number | null; stderr: string }>;
  stop(): void;
}

export function publishTestPattern(url: string, options: PublishOptions): Publisher {
  const { seconds, width = 1280, height = 720, fps = 30, gop = fps * 2, videoBitrate = "2500k", format = "flv", audio = true, bframes = 0 } = options;
  const args = [
    "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
    "-f", "lavfi", "-i", `testsrc2=size=${width}x${height}:rate=${fps}`,
    ...(audio ? ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"] : []),
    "-t", String(seconds),
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
    "-g", String(gop), "-keyint_min", String(gop), "-sc_threshold", "0", "-b:v", videoBitrate,
    ...(bframes > 0 ? ["-bf", String(bframes)] : []),
    ...(audio ? ["-c:a", "aac", "-b:a", "128k", "-ar", "48000"] : ["-an"]),
    "-f", format, url,
  ];
  const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on("close", (code) => resolve({ code, stderr }));
  });
  return { process: child, exited, stop: () => child.kill("SIGINT") };
}
