/**
 * Node: usage records batched into gzip NDJSON objects at
 * `usage/<source>/<yyyy>/<mm>/<dd>/<hh>/<instance>-<seq>.ndjson.gz`. The source and the hour come from
 * each record (its `source` and `at`), never from the time of the write: a record that arrives late
 * is filed under the hour it describes, and one sink can carry several sources (the relay writes relay
 * and inventory records). A batch is written when it reaches `maxRecords` or `maxBytes`, when
 * `flushIntervalMs` (the batch window) passes, and on `close()`; never one write per request. So a
 * crash loses at most the records of one batch window. A failed write keeps its records for the next
 * flush (bounded by `maxBufferedRecords`).
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
  /** Names this process in object keys (`[A-Za-z0-9_-]`); unique per process, so two writers never share a key. */
  instance: string;
  maxRecords?: number;
  maxBytes?: number;
  /** The batch window: buffered records are written at least this often. */
  flushIntervalMs?: number;
  /** Records kept while storage is failing; older ones are dropped past this. */
  maxBufferedRecords?: number;
  onError?: (error: unknown) => void;
}

interface Line {
  text: string;
  /** `<source>/<yyyy-mm-ddThh>`: the object the record is filed in. */
  file: string;
}

export class NdjsonUsageSink implements UsageSink {
  readonly #options: Required<Omit<NdjsonSinkOptions, "onError">> & Pick<NdjsonSinkOptions, "onError">;
  #lines: Line[] = [];
  #bytes = 0;
  #sequence = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(options: NdjsonSinkOptions) {
    this.#options = { maxRecords: 10_000, maxBytes: 4 * 1024 * 1024, flushIntervalMs: 60_000, maxBufferedRecords: 100_000, ...options };
    this.#timer = setInterval(() => void this.flush(), this.#options.flushIntervalMs);
    this.#timer.unref();
  }

  record(record: UsageRecord): void {
    const text = JSON.stringify(record);
    this.#lines.push({ text, file: `${record.source}/${record.at.slice(0, 13)}` });
    this.#bytes += text.length + 1;
    if (this.#lines.length > this.#options.maxBufferedRecords) this.#bytes -= (this.#lines.shift() as Line).text.length + 1;
    if (this.#lines.length >= this.#options.maxRecords || this.#bytes >= this.#options.maxBytes) void this.flush();
  }

  /** Writes everything buffered, one object per source and hour; concurrent flushes run one after another. */
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

  async #writeBatch(lines: Line[]): Promise<void> {
    const files = new Map<string, Line[]>();
    for (const line of lines) {
      const file = files.get(line.file);
      if (file === undefined) files.set(line.file, [line]);
      else file.push(line);
    }
    for (const [file, fileLines] of files) await this.#writeFile(file, fileLines);
  }

  async #writeFile(file: string, lines: Line[]): Promise<void> {
    const [source = "", hour = ""] = file.split("/");
    const key = keys.usage(source, new Date(`${hour}:00:00.000Z`), this.#options.instance, this.#sequence++);
    try {
      // Compressed off the event loop: a large batch would otherwise stall every request being served.
      const body = await gzip(`${lines.map((line) => line.text).join("\n")}\n`);
      await this.#options.store.put(key, body, { contentType: "application/x-ndjson", ifNoneMatch: "*" });
    } catch (error) {
      // Only this object's records wait for the next flush: the others are written, and must not be written twice.
      this.#lines = [...lines, ...this.#lines];
      this.#bytes = this.#lines.reduce((sum, line) => sum + line.text.length + 1, 0);
      this.#options.onError?.(error);
    }
  }
}
