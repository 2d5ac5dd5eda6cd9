/**
 * N concurrent RTMP publishers replaying the source file at its native rate (`-re`, stream copy).
 * Each reports its progress (`-progress`), which gives the wall-clock time its media time 0 went out:
 * `-re` never sends media time t before (send start + t), so the smallest (now − out_time) seen is it.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface Publishers {
  /** performance.now() when the publishers were spawned. */
  startedAt: number;
  /** Per publisher: performance.now() at which it sent media time 0 (undefined before its first progress report). */
  mediaZeroAt(index: number): number | undefined;
  /** Resolves when every publisher has exited (on its own after `seconds`, or killed). */
  exited: Promise<(number | null)[]>;
  stop(): void;
}

function trackMediaZero(child: ChildProcess, update: (at: number) => void): void {
  let pending = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    const now = performance.now();
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const match = /^out_time_us=(\d+)$/.exec(line.trim());
      if (match) update(now - Number(match[1]) / 1000);
    }
  });
}

export function startPublishers(file: string, urls: readonly string[], seconds: number): Publishers {
  const startedAt = performance.now();
  const zeros: (number | undefined)[] = urls.map(() => undefined);
  const children: ChildProcess[] = urls.map((url, i) => {
    const child = spawn(
      "ffmpeg",
      ["-hide_banner", "-loglevel", "error", "-nostdin", "-nostats", "-progress", "pipe:1", "-stats_period", "0.25",
        "-re", "-stream_loop", "-1", "-i", file, "-t", String(seconds), "-c", "copy", "-f", "flv", url],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    trackMediaZero(child, (at) => (zeros[i] = Math.min(zeros[i] ?? Infinity, at)));
    return child;
  });
  const exited = Promise.all(children.map((child) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))));
  // A safety net: a publisher stuck on a server that stopped reading is killed a while after its end.
  const guard = setTimeout(() => children.forEach((child) => child.kill("SIGKILL")), (seconds + 15) * 1000);
  void exited.then(() => clearTimeout(guard));
  return { startedAt, mediaZeroAt: (i) => zeros[i], exited, stop: () => children.forEach((child) => child.kill("SIGINT")) };
}
