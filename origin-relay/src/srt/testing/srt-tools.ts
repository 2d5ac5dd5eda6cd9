/** Test helpers: real SRT callers (ffmpeg, srt-live-transmit) with hard time bounds, and ffprobe checks. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import type { Readable, Writable } from "node:stream";

export interface ToolResult {
  code: number | null;
  stderr: string;
}

export interface RunningTool {
  child: ChildProcess;
  stdin: Writable;
  done: Promise<ToolResult>;
}

/** Starts `command`; it is killed after `timeoutMs` so no test waits on a stuck tool. */
export function startTool(command: string, args: string[], timeoutMs = 30_000): RunningTool {
  const child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const stdin = child.stdin;
  if (stdin === null) throw new TypeError("spawned without a stdin pipe");
  // A caller that exits early (refused) closes its stdin; writes after that are not the test's concern.
  stdin.on("error", () => {});
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const done = new Promise<ToolResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  return { child, stdin, done };
}

/**
 * An SRT caller URL. ffmpeg 5.1 and srt-live-transmit 1.5.1 pass `streamid` through without
 * percent-decoding, so "#!::" goes in literally (both read the query after "?", never a fragment).
 * `linger=1`: live mode defaults SRTO_LINGER to 0, so a caller that closes right after its last write
 * would discard packets still in its send buffer, and a test could not expect every frame.
 */
export function srtCallerUrl(port: number, streamId: string, passphrase?: string): string {
  const crypto = passphrase === undefined ? "" : `&passphrase=${passphrase}&pbkeylen=16`;
  return `srt://127.0.0.1:${port}?streamid=${streamId}${crypto}&linger=1`;
}

/** ffmpeg arguments that publish `seconds` of 320x240@25 test video with a sine tone as MPEG-TS. */
export function ffmpegSrtPublishArgs(url: string, seconds = 3): string[] {
  return [
    "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
    "-f", "lavfi", "-i", `testsrc2=size=320x240:rate=25:duration=${seconds}`,
    "-f", "lavfi", "-i", `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
    "-c:a", "aac", "-b:a", "64k",
    "-f", "mpegts", url,
  ];
}

// ISO/IEC 13818-1 §2.4.3.2: 0x47 sync, PID 0x1FFF (null packet), payload only, 184 stuffing bytes.
const nullPacket = Buffer.concat([Buffer.from([0x47, 0x1f, 0xff, 0x10]), Buffer.alloc(184, 0xff)]);

/**
 * Writes a `seconds` long MPEG-TS clip padded with null packets to a whole number of 1316-byte SRT
 * payloads, so a caller that sends it sends every byte and the listener can expect exactly this file.
 */
export async function makeTsClip(path: string, seconds: number): Promise<Buffer> {
  const raw = `${path}.raw.ts`;
  const result = await startTool("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
    "-f", "lavfi", "-i", `testsrc2=size=320x240:rate=25:duration=${seconds}`,
    "-f", "lavfi", "-i", `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
    "-f", "mpegts", raw,
  ]).done;
  if (result.code !== 0) throw new Error(`ffmpeg clip failed: ${result.stderr}`);
  const ts = await readFile(raw);
  const packets = ts.length / 188;
  const padding = (7 - (packets % 7)) % 7;
  const clip = Buffer.concat([ts, ...Array.from({ length: padding }, () => nullPacket)]);
  await writeFile(path, clip);
  return clip;
}

/**
 * Feeds `clip` to a child's stdin in payload-sized slices at about `bytesPerSecond`, like a live source,
 * then ends stdin (srt-live-transmit reads stdin through a buffer and sends its last bytes only at EOF).
 */
export async function feedPaced(stdin: Writable, clip: Buffer, bytesPerSecond: number): Promise<void> {
  const slice = 1316 * 10;
  const intervalMs = Math.max(1, Math.round((slice / bytesPerSecond) * 1000));
  for (let offset = 0; offset < clip.length; offset += slice) {
    stdin.write(clip.subarray(offset, offset + slice));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  stdin.end();
}

/** Frames ffprobe decodes per stream type in an MPEG-TS file. */
export async function countFrames(path: string): Promise<{ video: number; audio: number }> {
  const probe = spawn("ffprobe", ["-v", "error", "-count_frames", "-show_entries", "stream=codec_type,nb_read_frames", "-of", "json", path]);
  let out = "";
  probe.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => probe.on("close", resolve));
  if (code !== 0) throw new Error(`ffprobe failed on ${path}`);
  const streams = (JSON.parse(out) as { streams: { codec_type: string; nb_read_frames?: string }[] }).streams;
  const count = (type: string) => streams.filter((s) => s.codec_type === type).reduce((sum, s) => sum + Number(s.nb_read_frames ?? 0), 0);
  return { video: count("video"), audio: count("audio") };
}

/** Everything a Readable yields until it ends. */
export async function readAll(readable: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
