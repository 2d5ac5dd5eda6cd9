/** One running ffmpeg: input on stdin, one readable per rendition, progress from stderr, clean shutdown. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { Readable } from "node:stream";
import type { Writable } from "node:stream";
import type { FfmpegCommand } from "./args.ts";
import { ProgressParser } from "./progress.ts";
import type { ProgressUpdate } from "./progress.ts";

/** How to stop ffmpeg: end its input and let it finish, then SIGTERM, then SIGKILL. */
export interface ShutdownPolicy {
  /** After stdin is closed, how long ffmpeg gets to flush and exit on its own. */
  stdinCloseGraceMs: number;
  /** After SIGTERM, how long before SIGKILL. */
  sigtermGraceMs: number;
}

export const defaultShutdownPolicy: ShutdownPolicy = { stdinCloseGraceMs: 10_000, sigtermGraceMs: 3_000 };

export interface ExitInfo {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last stderr log lines (progress lines excluded), oldest first. */
  lastStderr: string[];
  /** Set when the program could not be started at all. */
  spawnError: Error | undefined;
}

export interface FfmpegProcessOptions {
  ffmpegPath: string;
  shutdown?: ShutdownPolicy;
  /** How many stderr log lines to keep for death reports. */
  stderrTail?: number;
  onProgress?: (update: ProgressUpdate) => void;
  onLog?: (line: string) => void;
}

/**
 * Spawns the ladder command. Every output stream must be consumed: ffmpeg stalls all renditions
 * when one pipe is full.
 * @example
 * const proc = spawnFfmpeg(buildLiveArgs(ladder, { inputFormat: "flv" }), { ffmpegPath: tools.ffmpeg });
 * for (const [name, stream] of proc.outputs) stream.pipe(packagerFor(name));
 */
export function spawnFfmpeg(command: FfmpegCommand, options: FfmpegProcessOptions): FfmpegProcess {
  return new FfmpegProcess(command, options);
}

export class FfmpegProcess {
  readonly pid: number | undefined;
  /** Container bytes in; null for file inputs. */
  readonly stdin: Writable | null;
  /** fMP4 out, keyed by rendition name. */
  readonly outputs: ReadonlyMap<string, Readable>;
  /** Resolves once ffmpeg has exited and its stderr is drained; never rejects. */
  readonly exited: Promise<ExitInfo>;
  #child: ChildProcess;
  #shutdown: ShutdownPolicy;
  #exit: ExitInfo | undefined;

  constructor(command: FfmpegCommand, options: FfmpegProcessOptions) {
    this.#shutdown = options.shutdown ?? defaultShutdownPolicy;
    const child = spawn(options.ffmpegPath, command.args, { stdio: command.stdio });
    this.#child = child;
    this.pid = child.pid;
    const stdin = child.stdin;
    // EPIPE after ffmpeg dies is reported through `exited`, not as an unhandled error.
    stdin?.on("error", () => undefined);
    this.stdin = stdin;
    const outputs = new Map<string, Readable>();
    for (const out of command.outputs) {
      const stream = child.stdio[out.fd];
      if (!(stream instanceof Readable)) throw new TypeError(`spawnFfmpeg: fd ${out.fd} is not a pipe`);
      outputs.set(out.rendition, stream);
    }
    this.outputs = outputs;
    this.exited = this.#watch(child, options);
  }

  /** The rendition's fMP4 as a web stream. */
  webStream(rendition: string): ReadableStream<Uint8Array> {
    const stream = this.outputs.get(rendition);
    if (stream === undefined) throw new TypeError(`no output for rendition ${rendition}`);
    return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  }

  /** Writes input; returns false when the caller should wait for 'drain' (or the process is gone). */
  write(chunk: Uint8Array): boolean {
    if (this.stdin === null || this.stdin.destroyed || this.stdin.writableEnded) return false;
    return this.stdin.write(chunk);
  }

  /** Sends a signal now, outside the shutdown policy (e.g. a supervisor test or an operator). */
  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.#exit === undefined) this.#child.kill(signal);
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** Clean shutdown per policy: close stdin and wait, then SIGTERM and wait, then SIGKILL. */
  async stop(): Promise<ExitInfo> {
    if (this.#exit !== undefined) return this.#exit;
    if (this.stdin !== null) {
      this.stdin.end();
      if (await this.#exitsWithin(this.#shutdown.stdinCloseGraceMs)) return this.exited;
    }
    this.#child.kill("SIGTERM");
    if (await this.#exitsWithin(this.#shutdown.sigtermGraceMs)) return this.exited;
    this.#child.kill("SIGKILL");
    return this.exited;
  }

  async #exitsWithin(ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const done = await Promise.race([this.exited.then(() => true as const), timeout]);
    clearTimeout(timer);
    return done;
  }

  #watch(child: ChildProcess, options: FfmpegProcessOptions): Promise<ExitInfo> {
    const tailSize = options.stderrTail ?? 20;
    const tail: string[] = [];
    const parser = new ProgressParser();
    const take = ({ updates, lines }: ReturnType<ProgressParser["push"]>) => {
      for (const update of updates) options.onProgress?.(update);
      for (const line of lines) {
        tail.push(line);
        if (tail.length > tailSize) tail.shift();
        options.onLog?.(line);
      }
    };
    const stderrDone = new Promise<void>((resolve) => {
      if (child.stderr === null) return resolve();
      child.stderr.on("data", (chunk: Buffer) => take(parser.push(chunk)));
      child.stderr.once("close", () => {
        take(parser.flush());
        resolve();
      });
    });
    return new Promise<ExitInfo>((resolve) => {
      const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError: Error | undefined) => {
        if (this.#exit !== undefined) return;
        this.#exit = { exitCode, signal, lastStderr: tail, spawnError };
        resolve(this.#exit);
      };
      child.once("error", (error) => finish(null, null, error));
      child.once("exit", (code, signal) => void stderrDone.then(() => finish(code, signal, undefined)));
    });
  }
}
