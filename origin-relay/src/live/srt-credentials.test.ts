// The SRT credential table follows the stream records in storage: a stream that is gone is revoked,
// but a store that fails (a list or one record's read) leaves the table as it was and is logged, so
// storage trouble never locks every SRT publisher out.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "#core/crypto/secret.ts";
import { keys } from "#core/storage/keys.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storeWithFailingReads } from "#core/testing/store-with.ts";
import { startHarness, type Harness } from "../srt/testing/listener-harness.ts";
import { SrtCredentials } from "./srt-credentials.ts";

let harness: Harness;

beforeAll(() => {
  harness = startHarness();
});

afterAll(async () => {
  await harness.listener.close();
});

async function putStream(store: MemoryObjectStore, id: string, key: string): Promise<void> {
  const record = { id, tenantId: "t1", name: id, createdAt: "2026-11-26T12:00:00.000Z", streamKeyHash: await hashSecret(key) };
  await store.put(keys.stream(id), JSON.stringify(record));
}

/** Credentials over `store` whose reads of the keys `failing` selects throw, with their warnings collected. */
function credentialsOver(store: MemoryObjectStore, failing: (key: string) => boolean) {
  const warnings: { msg: string; err?: { code?: string } }[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (warnings.push(JSON.parse(chunk.toString()) as (typeof warnings)[number]), done()) });
  const credentials = new SrtCredentials(storeWithFailingReads(store, failing), harness.listener, pino({ level: "warn" }, sink), { refreshMs: 60_000, maxStreams: 100 });
  return { credentials, warnings };
}

describe("SrtCredentials", () => {
  it("keeps every stream allowed through a failing list and a failing record read, and logs each round it could not finish", async () => {
    const store = new MemoryObjectStore();
    await putStream(store, "fail1", "key-one");
    await putStream(store, "fail2", "key-two");
    let failing: (key: string) => boolean = () => false;
    const { credentials, warnings } = credentialsOver(store, (key) => failing(key));
    await credentials.refresh();

    failing = (key) => key === "streams/";
    await credentials.refresh();
    // A changed record is read again; its read failing must not count as "gone".
    await putStream(store, "fail2", "key-rotated");
    failing = (key) => key === keys.stream("fail2");
    await credentials.refresh();

    expect(warnings.map((line) => [line.msg, line.err?.code])).toEqual([
      ["SRT credentials not refreshed", "storage.unavailable"],
      ["SRT credentials not refreshed", "storage.unavailable"],
    ]);
    expect([harness.listener.revoke("fail1"), harness.listener.revoke("fail2")]).toEqual([true, true]);
  });

  it("revokes a stream whose record is gone", async () => {
    const store = new MemoryObjectStore();
    await putStream(store, "gone1", "key-one");
    await putStream(store, "gone2", "key-two");
    const { credentials, warnings } = credentialsOver(store, () => false);
    await credentials.refresh();
    await store.delete(keys.stream("gone2"));
    await credentials.refresh();
    expect(warnings).toEqual([]);
    expect([harness.listener.revoke("gone1"), harness.listener.revoke("gone2")]).toEqual([true, false]);
  });
});
