/**
 * Keeps one stream's ffmpeg alive: restarts it after a death under a bounded backoff policy,
 * reports each death, and keeps accepting input across restarts so the session survives.
 */
import { TributaryError } from "#core/errors.ts";
import { systemClock } from "#core/clock.ts";
import type { Clock } from "#core/clock.ts";
import type { FfmpegCommand } from "./args.ts";
import { spawnFfmpeg } from "./process.ts";
import type { ExitInfo, FfmpegProcess, ShutdownPolicy } from "./process.ts";
import type { ProgressUpdate } from "./progress.ts";

/** Restart policy as data (hls.js `fragLoadPolicy` style). */
export interface RestartPolicy {
  /** Restarts allowed before the session fails; 0 makes the first death fatal. */
  maxRestarts: number;
  initialDelayMs: number;
  multiplier: number;
  maxDelayMs: number;
  /** A process that ran this long before dying resets the restart count. */
  stableAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { maxRestarts: 5, initialDelayMs: 500, multiplier: 2, maxDelayMs: 10_000, stableAfterMs: 60_000 };

export interface FfmpegDeath {
  /** 1 for the first process, 2 after the first restart, ... */
  generation: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  lastStderr: string[];
  /** Delay before the next process starts, or null when the supervisor gives up. */
  restartInMs: number | null;
}

export interface SupervisorOptions {
  command: FfmpegCommand;
  ffmpegPath: string;
  restart?: RestartPolicy;
  shutdown?: ShutdownPolicy;
  clock?: Clock;
  /**
   * Bytes each restarted process reads before live input resumes: the container header and codec
   * configuration (FLV header + sequence headers), which a mid-stream decoder needs.
   */
  preamble?: () => Uint8Array | undefined;
  /** A new process is up; attach to its outputs here (each generation starts a fresh fMP4 with its own init). */
  onStart?: (process: FfmpegProcess, generation: number) => void;
  onDeath?: (death: FfmpegDeath) => void;
  onProgress?: (update: ProgressUpdate, generation: number) => void;
  onLog?: (line: string, generation: number) => void;
}

/**
 * @example
 * const sup = new FfmpegSupervisor({ command, ffmpegPath, onStart: (p) => attach(p.outputs), onDeath: log });
 * sup.write(flvTag);  // whole FLV tags, so a restart never resumes mid-tag
 * await sup.end();    // input finished: wait for ffmpeg to flush
 */
export class FfmpegSupervisor {
  /** Resolves when the session ends cleanly; rejects with a fatal `transcode.failed` error when restarts run out. */
  readonly done: Promise<void>;
  #options: SupervisorOptions;
  #policy: RestartPolicy;
  #clock: Clock;
  #current: FfmpegProcess | null = null;
  #generation = 0;
  #restartsUsed = 0;
  #stopping = false;
  #ending = false;
  #droppedBytes = 0;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  #resolve!: () => void;
  #reject!: (error: TributaryError) => void;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#policy = options.restart ?? defaultRestartPolicy;
    this.#clock = options.clock ?? systemClock;
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Callers that only use end()/stop() must not see an unhandled rejection.
    this.done.catch(() => undefined);
    this.#spawn();
  }

  get current(): FfmpegProcess | null {
    return this.#current;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Input bytes dropped while no process was running (between a death and its restart). */
  get droppedBytes(): number {
    return this.#droppedBytes;
  }

  /** Feeds input to the current process; drops it (and returns false) while restarting. */
  write(chunk: Uint8Array): boolean {
    const proc = this.#current;
    if (proc === null || proc.hasExited || this.#stopping) {
      this.#droppedBytes += chunk.byteLength;
      return false;
    }
    return proc.write(chunk);
  }

  /** Input is over: ffmpeg flushes and exits; rejects with `transcode.failed` unless it exits cleanly. */
  async end(): Promise<void> {
    this.#ending = true;
    await this.#shutDown();
    return this.done;
  }

  /** Stops on purpose (publisher gone, operator): no restart, and `done` resolves however ffmpeg exits. */
  async stop(): Promise<void> {
    await this.#shutDown();
  }

  async #shutDown(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    const proc = this.#current;
    if (proc === null || proc.hasExited) {
      // Between a death and its restart: nothing is running, so the session ends here.
      this.#current = null;
      this.#resolve();
      return;
    }
    await proc.stop();
    await this.done.catch(() => undefined);
  }

  #spawn(): void {
    const generation = ++this.#generation;
    const o = this.#options;
    const proc = spawnFfmpeg(o.command, {
      ffmpegPath: o.ffmpegPath,
      ...(o.shutdown === undefined ? {} : { shutdown: o.shutdown }),
      onProgress: (u) => o.onProgress?.(u, generation),
      onLog: (l) => o.onLog?.(l, generation),
    });
    this.#current = proc;
    const startedAt = this.#clock.now();
    const preamble = generation > 1 ? o.preamble?.() : undefined;
    if (preamble !== undefined) proc.write(preamble);
    o.onStart?.(proc, generation);
    void proc.exited.then((exit) => this.#onExit(exit, generation, this.#clock.now() - startedAt));
  }

  #onExit(exit: ExitInfo, generation: number, ranMs: number): void {
    const fileInput = this.#options.command.stdio[0] !== "pipe";
    const finished = exit.exitCode === 0 && (this.#ending || fileInput);
    if (finished || (this.#stopping && !this.#ending)) {
      this.#current = null;
      this.#resolve();
      return;
    }
    if (ranMs >= this.#policy.stableAfterMs) this.#restartsUsed = 0;
    const giveUp = this.#stopping || exit.spawnError !== undefined || this.#restartsUsed >= this.#policy.maxRestarts;
    const restartInMs = giveUp ? null : this.#backoff(this.#restartsUsed);
    const death: FfmpegDeath = { generation, exitCode: exit.exitCode, signal: exit.signal, lastStderr: exit.lastStderr, restartInMs };
    this.#options.onDeath?.(death);
    if (restartInMs === null) {
      this.#current = null;
      this.#reject(failure(death, exit, this.#restartsUsed));
      return;
    }
    this.#restartsUsed += 1;
    this.#restartTimer = setTimeout(() => {
      if (!this.#stopping) this.#spawn();
    }, restartInMs);
  }

  #backoff(attempt: number): number {
    const p = this.#policy;
    return Math.min(p.maxDelayMs, Math.round(p.initialDelayMs * p.multiplier ** attempt));
  }
}

function failure(death: FfmpegDeath, exit: ExitInfo, restarts: number): TributaryError {
  const how = exit.spawnError !== undefined ? `could not start (${exit.spawnError.message})` : exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
  const last = death.lastStderr.at(-1);
  return new TributaryError("transcode.failed", `ffmpeg ${how} after ${restarts} restart(s)${last === undefined ? "" : `: ${last}`}`, {
    fatal: true,
    details: { ...death },
    cause: exit.spawnError,
  });
}
