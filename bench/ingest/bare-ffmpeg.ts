/**
 * The transcoded ladder as a bare ffmpeg command: the exact argv the relay runs (read from
 * /proc/<pid>/cmdline of its ffmpeg child), with the stdin FLV input swapped for the source file read
 * at its native rate (`-re`), and every output pipe drained and discarded. What ffmpeg alone costs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { buildLadderArgs } from "#transcoder/ffmpeg/args.ts";
import { parseLadderConfig } from "#core/ladder/config.ts";
import { selectLadder } from "#transcoder/ladder/select.ts";
import { commandLine, processTree } from "./proc-usage.ts";
import { SOURCE } from "./source-file.ts";

/** The relay's ladder argv (without argv[0]) from its first ffmpeg child, or undefined if none runs. */
export async function relayLadderArgs(relayPid: number): Promise<string[] | undefined> {
  const ffmpeg = (await processTree([relayPid])).find((p) => p.command === "ffmpeg" && p.pid !== relayPid);
  return ffmpeg ? (await commandLine(ffmpeg.pid)).slice(1) : undefined;
}

/** What the relay would run for the source, built from the same ladder code (fallback when no argv was captured). */
export function defaultLadderArgs(file: string): string[] {
  const ladder = selectLadder({ width: SOURCE.width, height: SOURCE.height, fps: SOURCE.fps, videoCodec: "h264", hasAudio: true, bitrate: SOURCE.videoBitrate }, parseLadderConfig({}));
  return buildLadderArgs(ladder, { kind: "file", path: file, realtime: true }).args;
}

/** Swaps the live input (`-f flv -i pipe:0`) for the file read at native rate. */
export function withFileInput(args: readonly string[], file: string): string[] {
  const input = args.indexOf("pipe:0");
  if (input < 1 || args[input - 1] !== "-i") return [...args];
  const format = args[input - 3] === "-f" ? input - 3 : input - 1;
  return [...args.slice(0, format), "-nostdin", "-re", "-i", file, ...args.slice(input + 1)];
}

export interface BareFfmpeg {
  pids: number[];
  exited: Promise<void>;
}

/** Starts `count` copies for `seconds` (ffmpeg `-t` on the input) with every `pipe:N` output drained. */
export function startBareFfmpeg(args: readonly string[], count: number, seconds: number): BareFfmpeg {
  const outputFds = args.flatMap((arg) => (/^pipe:(\d+)$/.exec(arg) ? [Number(arg.slice(5))] : [])).filter((fd) => fd >= 3);
  const stdio: ("pipe" | "ignore")[] = ["ignore", "ignore", "pipe", ...Array.from({ length: Math.max(0, ...outputFds) - 2 }, () => "pipe" as const)];
  const input = args.indexOf("-i");
  const bounded = [...args.slice(0, input), "-t", String(seconds), ...args.slice(input)];
  const children: ChildProcess[] = Array.from({ length: count }, () => spawn("ffmpeg", bounded, { stdio }));
  for (const child of children) for (const stream of child.stdio) stream?.on("data", () => {}).on("error", () => {});
  const exited = Promise.all(children.map((child) => new Promise<void>((resolve) => child.once("exit", () => resolve())))).then(() => undefined);
  return { pids: children.map((c) => c.pid ?? -1), exited };
}
