/** The low-latency bench's publisher: ffmpeg with the same encoder settings as our low-latency ladder. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";

/** Publishes testsrc2 + sine at native rate with the low-latency ladder's x264 settings (2 s GOP, no B-frames). */
export function publishTestSource(url: string, seconds: number): { exited: Promise<number | null>; child: ChildProcess } {
  const child = spawn("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
    "-f", "lavfi", "-i", `testsrc2=size=640x360:rate=30:duration=${seconds}[out0];sine=frequency=440:sample_rate=48000:duration=${seconds}[out1]`,
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-b:v", "600k", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-bf", "0",
    "-c:a", "aac", "-b:a", "128k", "-f", "flv", url,
  ], { stdio: "ignore" });
  return { child, exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))) };
}
