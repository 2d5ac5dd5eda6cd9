/**
 * What the viewers of one load-generator process saw, kept in one place so the process sends one
 * compact report: when each part was first listed (wall clock, comparable across processes), when
 * every viewer got each part and each blocking reload, request latencies, errors. Only what completes
 * inside the measurement window counts (`measuring`); first listings are kept from the start, since a
 * part listed just before the window may be fetched inside it.
 */
import type { GetResult } from "../ingest/http-get.ts";

export type RequestKind = "reload" | "part" | "hint" | "start";

export interface ViewerErrors {
  /** Answers other than 2xx. */
  non2xx: number;
  timeouts: number;
  /** Connection errors (refused, reset). */
  failed: number;
}

export interface LoadReport {
  /** `<track>/<msn>.<index>` → wall-clock ms a viewer here first saw the part listed. */
  firstListed: [string, number][];
  /** Same keys → wall-clock ms each delivery of the part's body completed (listed fetches and preload hints). */
  deliveries: [string, number[]][];
  /** Same keys (the newest part a reload answer lists) → wall-clock ms each blocking reload was answered. */
  reloads: [string, number[]][];
  /** Request → last byte, ms: parts fetched once listed, preload hints (held until the part exists), blocking reloads. */
  partMs: number[];
  hintMs: number[];
  reloadMs: number[];
  requests: Record<RequestKind, number>;
  errors: ViewerErrors;
  errorSamples: string[];
  bytes: number;
  viewersStarted: number;
  /** This process's event-loop delay p99 over the window, ms: how late its own timings may be. */
  loopDelayP99Ms: number;
}

/** performance.timeOrigin is the process's start on the wall clock: this is comparable across processes. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

const push = (map: Map<string, number[]>, key: string, value: number) => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

export class LoadRecorder {
  measuring = false;
  viewersStarted = 0;
  readonly #firstListed = new Map<string, number>();
  readonly #deliveries = new Map<string, number[]>();
  readonly #reloads = new Map<string, number[]>();
  readonly #ms: Record<"part" | "hint" | "reload", number[]> = { part: [], hint: [], reload: [] };
  readonly #requests: Record<RequestKind, number> = { reload: 0, part: 0, hint: 0, start: 0 };
  readonly #errors: ViewerErrors = { non2xx: 0, timeouts: 0, failed: 0 };
  readonly #samples = new Set<string>();
  #bytes = 0;

  listed(key: string, at: number): void {
    if (!this.#firstListed.has(key)) this.#firstListed.set(key, at);
  }

  /** Tallies one answered request; true when it succeeded (2xx). */
  answered(kind: RequestKind, result: GetResult, what: string): boolean {
    const ok = result.kind === "response" && result.status >= 200 && result.status < 300;
    if (!this.measuring) return ok;
    this.#requests[kind]++;
    if (result.kind === "response") this.#bytes += result.bytes;
    if (ok) {
      if (kind !== "start") this.#ms[kind].push(result.ms);
      return true;
    }
    if (result.kind === "timeout") this.#errors.timeouts++;
    else if (result.kind === "failed") this.#errors.failed++;
    else this.#errors.non2xx++;
    if (this.#samples.size < 8) this.#samples.add(`${what}: ${result.kind === "response" ? `HTTP ${result.status}` : result.kind === "failed" ? result.message : "timeout"}`);
    return false;
  }

  delivered(key: string, at: number): void {
    if (this.measuring) push(this.#deliveries, key, at);
  }

  reloaded(newestKey: string, at: number): void {
    if (this.measuring) push(this.#reloads, newestKey, at);
  }

  report(loopDelayP99Ms: number): LoadReport {
    return {
      loopDelayP99Ms,
      firstListed: [...this.#firstListed],
      deliveries: [...this.#deliveries],
      reloads: [...this.#reloads],
      partMs: this.#ms.part,
      hintMs: this.#ms.hint,
      reloadMs: this.#ms.reload,
      requests: this.#requests,
      errors: this.#errors,
      errorSamples: [...this.#samples],
      bytes: this.#bytes,
      viewersStarted: this.viewersStarted,
    };
  }
}
