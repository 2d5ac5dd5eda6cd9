/**
 * Node: usage records batched into gzip NDJSON objects at
 * `usage/<source>/<yyyy>/<mm>/<dd>/<hh>/<instance>-<seq>.ndjson.gz`. A batch is written when it reaches
 * `maxRecords` or `maxBytes`, when `flushIntervalMs` passes, and on `close()`; never one write per
 * request. A failed write keeps its records for the next flush (bounded by `maxBufferedRecords`).
 */
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import type { Clock } from "../src/clock.ts";
import { keys } from "../src/storage/keys.ts";
import type { ObjectStore } from "../src/storage/object-store.ts";
import type { UsageRecord, UsageSink } from "../src/usage/usage-record.ts";

const gzip = promisify(gzipCallback);

export interface NdjsonSinkOptions {
  store: ObjectStore;
  clock: Clock;
  /** Names this process in object keys (`[A-Za-z0-9_-]`). */
  instance: string;
  source?: "edge" | "relay";
  maxRecords?: number;
  maxBytes?: number;
  flushIntervalMs?: number;
  /** Records kept while storage is failing; older ones are dropped past this. */
  maxBufferedRecords?: number;
  onError?: (error: unknown) => void;
}

export class NdjsonUsageSink implements UsageSink {
  readonly #options: Required<Omit<NdjsonSinkOptions, "onError">> & Pick<NdjsonSinkOptions, "onError">;
  #lines: string[] = [];
  #bytes = 0;
  #sequence = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(options: NdjsonSinkOptions) {
    this.#options = { source: "edge", maxRecords: 10_000, maxBytes: 4 * 1024 * 1024, flushIntervalMs: 60_000, maxBufferedRecords: 100_000, ...options };
    this.#timer = setInterval(() => void this.flush(), this.#options.flushIntervalMs);
    this.#timer.unref();
  }

  record(record: UsageRecord): void {
    const line = JSON.stringify(record);
    this.#lines.push(line);
    this.#bytes += line.length + 1;
    if (this.#lines.length > this.#options.maxBufferedRecords) this.#bytes -= (this.#lines.shift() as string).length + 1;
    if (this.#lines.length >= this.#options.maxRecords || this.#bytes >= this.#options.maxBytes) void this.flush();
  }

  /** Writes everything buffered as one object; concurrent flushes run one after another. */
  flush(): Promise<void> {
    // The batch is cut now, so records arriving while earlier batches are written go to the next one.
    const lines = this.#lines;
    this.#lines = [];
    this.#bytes = 0;
    this.#writing = this.#writing.then(() => this.#writeBatch(lines));
    return this.#writing;
  }

  /** Stops the timer and writes what is left (call on shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #writeBatch(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    const key = keys.usage(this.#options.source, new Date(this.#options.clock.now()), this.#options.instance, this.#sequence++);
    try {
      // Compressed off the event loop: a large batch would otherwise stall every request being served.
      await this.#options.store.put(key, await gzip(`${lines.join("\n")}\n`), { contentType: "application/x-ndjson", ifNoneMatch: "*" });
    } catch (error) {
      this.#lines = [...lines, ...this.#lines];
      this.#bytes = this.#lines.reduce((sum, line) => sum + line.length + 1, 0);
      this.#options.onError?.(error);
    }
  }
}
