/**
 * Keeps the SRT listener's credential table in step with the stream records. libsrt accepts or
 * refuses a caller in the handshake, before JS is asked, so the table must already hold every stream:
 * the relay lists `streams/` at start and every `refreshMs` (bounded by `maxStreams`), allows each
 * stream with its key hash and passphrase, and revokes streams that are gone. A caller refused as
 * unknown triggers an early refresh, so a stream created a moment ago is accepted on the retry.
 */
import { isTributaryError } from "#core/errors.ts";
import { streamRecordSchema } from "#core/records/schemas.ts";
import type { StreamRecord } from "#core/records/schemas.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { Logger } from "#core-node/logger.ts";
import type { SrtListener } from "../srt/listener.ts";

export interface SrtCredentialPolicy {
  refreshMs: number;
  maxStreams: number;
}

export const defaultSrtCredentialPolicy: SrtCredentialPolicy = { refreshMs: 5_000, maxStreams: 10_000 };

export class SrtCredentials {
  readonly #store: ObjectStore;
  readonly #listener: SrtListener;
  readonly #log: Logger;
  readonly #policy: SrtCredentialPolicy;
  #allowed = new Map<string, string>();
  /** Record key → [etag, stream id, fingerprint]: an unchanged record is not read again. */
  #known = new Map<string, [string, string, string]>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(store: ObjectStore, listener: SrtListener, log: Logger, policy: SrtCredentialPolicy = defaultSrtCredentialPolicy) {
    this.#store = store;
    this.#listener = listener;
    this.#log = log;
    this.#policy = policy;
  }

  /** First refresh, then one every `refreshMs` (unref'd). */
  async start(): Promise<void> {
    await this.refresh();
    this.#timer ??= setInterval(() => void this.refresh(), this.#policy.refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Re-reads every stream record once (concurrent calls share the round). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#round()
      .catch((error: unknown) => this.#log.warn({ err: error }, "SRT credentials not refreshed"))
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #round(): Promise<void> {
    const seen = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await this.#store.list({ prefix: "streams/", limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const object of page.objects) {
        if (seen.size >= this.#policy.maxStreams) break;
        const known = this.#known.get(object.key);
        if (known !== undefined && known[0] === object.etag) {
          seen.set(known[1], known[2]);
          continue;
        }
        const record = await this.#read(object.key);
        if (record === undefined) continue;
        const fingerprint = `${record.streamKeyHash}|${record.srtPassphrase ?? ""}`;
        seen.set(record.id, fingerprint);
        this.#known.set(object.key, [object.etag, record.id, fingerprint]);
        if (this.#allowed.get(record.id) !== fingerprint) this.#listener.allow(record.id, { keyHash: record.streamKeyHash, ...(record.srtPassphrase ? { passphrase: record.srtPassphrase } : {}) });
      }
      cursor = seen.size >= this.#policy.maxStreams ? undefined : page.cursor;
    } while (cursor !== undefined);
    for (const id of this.#allowed.keys()) if (!seen.has(id)) this.#listener.revoke(id);
    for (const [key, [, id]] of this.#known) if (!seen.has(id)) this.#known.delete(key);
    this.#allowed = seen;
  }

  /**
   * The stream record at `key`: `undefined` when it is gone or is not a stream record (logged, so
   * one broken record does not lock every SRT publisher out); a store that fails throws.
   */
  async #read(key: string): Promise<StreamRecord | undefined> {
    try {
      const record = (await readJson(this.#store, key, streamRecordSchema))?.value;
      return record !== undefined && key === keys.stream(record.id) ? record : undefined;
    } catch (error) {
      if (!isTributaryError(error, "record.invalid")) throw error;
      this.#log.warn({ err: error, key }, "stream record unreadable; its SRT credentials are not loaded");
      return undefined;
    }
  }
}
