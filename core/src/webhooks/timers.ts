/** Where retries wait: real timers in servers, a hand-driven list in tests (no test sleeps). */
import type { Clock } from "../clock.ts";

export interface Timers {
  /** Runs `task` at `at` (epoch ms) or soon after; returns a cancel function. */
  schedule(at: number, task: () => void): () => void;
}

/** `setTimeout`-based; on Node the timer does not keep an otherwise idle process alive. */
export function systemTimers(clock: Clock): Timers {
  return {
    schedule(at, task) {
      const handle: unknown = setTimeout(task, Math.max(0, at - clock.now()));
      if (typeof handle === "object" && handle !== null && "unref" in handle && typeof handle.unref === "function") handle.unref();
      return () => clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
    },
  };
}

/** Tests move the clock, then `runDue()` starts every task whose time has come. */
export class ManualTimers implements Timers {
  readonly #clock: Clock;
  #tasks: { at: number; task: () => void }[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  schedule(at: number, task: () => void): () => void {
    const entry = { at, task };
    this.#tasks.push(entry);
    return () => {
      this.#tasks = this.#tasks.filter((candidate) => candidate !== entry);
    };
  }

  /** Earliest scheduled time, if any. */
  get nextAt(): number | undefined {
    return this.#tasks.length === 0 ? undefined : Math.min(...this.#tasks.map((entry) => entry.at));
  }

  runDue(): number {
    const now = this.#clock.now();
    const due = this.#tasks.filter((entry) => entry.at <= now);
    this.#tasks = this.#tasks.filter((entry) => entry.at > now);
    for (const entry of due) entry.task();
    return due.length;
  }
}
