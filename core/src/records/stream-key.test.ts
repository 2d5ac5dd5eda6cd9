import { describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "../clock.ts";
import { isTributaryError, TributaryError } from "../errors.ts";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { storeWith } from "../testing/store-with.ts";
import type { RecordContext } from "./context.ts";
import { authenticateStreamKey } from "./stream-key.ts";
import { createStream } from "./streams.ts";

const now = { attempts: 4, initialDelayMs: 1, maxDelayMs: 1 };

/** `inner` whose first `failures` gets are answered `storage.unavailable`, as an S3 adapter does for a 503. */
function flakyGets(inner: ObjectStore, failures: number): { store: ObjectStore; gets: () => number } {
  let gets = 0;
  const store = storeWith(inner, {
    get: (key, options) => (++gets <= failures ? Promise.reject(new TributaryError("storage.unavailable", "get failed with HTTP 503")) : inner.get(key, options)),
  });
  return { store, gets: () => gets };
}

describe("authenticateStreamKey", () => {
  it("asks a store that failed to answer again, so one 503 does not refuse a publisher", async () => {
    const ctx: RecordContext = { store: new MemoryObjectStore(), clock: new ManualClock(), random: cryptoRandom };
    const { stream, streamKey } = await createStream(ctx, "acme", { name: "Main" });
    const flaky = flakyGets(ctx.store, 2);
    expect((await authenticateStreamKey(flaky.store, streamKey, now))?.id).toBe(stream.id);
    expect(flaky.gets()).toBe(3);
  });

  it("gives up with storage.unavailable once the attempts are spent, never with a refusal", async () => {
    const ctx: RecordContext = { store: new MemoryObjectStore(), clock: new ManualClock(), random: cryptoRandom };
    const { streamKey } = await createStream(ctx, "acme", { name: "Main" });
    const down = flakyGets(ctx.store, 100);
    const error = await authenticateStreamKey(down.store, streamKey, now).catch((e: unknown) => e);
    expect(isTributaryError(error, "storage.unavailable")).toBe(true);
    expect(down.gets()).toBe(4);
  });

  it("refuses a key of no stream without retrying", async () => {
    const ctx: RecordContext = { store: new MemoryObjectStore(), clock: new ManualClock(), random: cryptoRandom };
    const { streamKey } = await createStream(ctx, "acme", { name: "Main" });
    const other = flakyGets(new MemoryObjectStore(), 0);
    expect(await authenticateStreamKey(other.store, streamKey, now)).toBeUndefined();
    expect(other.gets()).toBe(1);
  });
});
