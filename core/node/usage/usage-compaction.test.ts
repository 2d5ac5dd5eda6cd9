import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ManualClock } from "#core/clock.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { usageColumns } from "#core/usage/usage-columns.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { FsObjectStore } from "../fs-object-store.ts";
import { S3ObjectStore } from "../s3-object-store.ts";
import { startS3rver, type S3rverProcess } from "../testing/s3rver.ts";
import { readCompactionMarker } from "./compaction-marker.ts";
import { compactHour } from "./usage-compaction.ts";
import { closedHours, compactClosedHours } from "./usage-compaction-job.ts";

const HOUR = new Date("2026-12-03T10:00:00.000Z");
const at = (minute: number, hour = HOUR) => new Date(hour.getTime() + minute * 60_000).toISOString();

function record(id: string, minute: number, extra: Partial<UsageRecord> = {}): UsageRecord {
  return { id, at: at(minute), source: "edge", tenantId: "t1", mediaId: "m1", kind: "segment", rendition: "720p", tier: "HD", bytes: 1000 + minute, mediaSeconds: 2, status: 200, cacheHit: minute % 2 === 0, ...extra };
}

async function putRaw(store: ObjectStore, instance: string, sequence: number, records: UsageRecord[], hour = HOUR): Promise<void> {
  await store.put(keys.usage("edge", hour, instance, sequence), gzipSync(records.map((r) => JSON.stringify(r)).join("\n") + "\n"), { contentType: "application/x-ndjson" });
}

async function bytesOf(store: ObjectStore, key: string): Promise<Uint8Array> {
  const object = await store.get(key);
  if (object === undefined) throw new Error(`missing ${key}`);
  return new Uint8Array(await new Response(object.body).arrayBuffer());
}

/** Reads the compacted hour back with DuckDB: rows (sorted as stored) and the Parquet schema. */
async function readParquet(store: ObjectStore, hour = HOUR): Promise<{ rows: Array<Record<string, unknown>>; schema: Array<[string, string]> }> {
  const file = join(dir, `read-${Math.random().toString(36).slice(2)}.parquet`);
  await writeFile(file, await bytesOf(store, keys.usageCompacted("edge", hour)));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const rows = (await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson() as Array<Record<string, unknown>>;
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
  const schema = described.getRows().map((row) => [String(row[0]), String(row[1])] as [string, string]);
  connection.closeSync();
  return { rows, schema };
}

let dir: string;
let store: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-compaction-"));
  store = new FsObjectStore({ root: join(dir, "store"), durable: false });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("compactHour", () => {
  it("writes one Parquet row per record id with every usage column, sorted by time, and a marker naming the raw objects", async () => {
    const replayed = record("r2", 5);
    await putRaw(store, "edge-a", 0, [record("r3", 20), replayed, record("r1", 1, { cmcd: { br: 3000, sid: "s-1", bs: true } })]);
    await putRaw(store, "edge-a", 1, [replayed, record("r4", 59, { tier: undefined, cacheHit: undefined })]);

    const result = await compactHour({ store, source: "edge", hour: new Date(at(30)) });
    expect(result).toEqual({ source: "edge", hour: HOUR.toISOString(), outcome: "compacted", records: 4, rawObjects: 2 });

    const { rows, schema } = await readParquet(store);
    expect(schema.map(([name]) => name)).toEqual(usageColumns.map((c) => c.name));
    expect(Object.fromEntries(schema)).toMatchObject({ id: "VARCHAR", at: "VARCHAR", bytes: "BIGINT", mediaSeconds: "DOUBLE", cacheHit: "BOOLEAN", cmcd: "MAP(VARCHAR, VARCHAR)" });
    expect(rows.map((r) => r["id"])).toEqual(["r1", "r2", "r3", "r4"]);
    expect(rows[0]).toMatchObject({ at: at(1), bytes: "1001", tier: "HD", cmcd: [{ key: "br", value: "3000" }, { key: "sid", value: "s-1" }, { key: "bs", value: "true" }] });
    expect(rows[3]).toMatchObject({ tier: null, cacheHit: null, streamId: null });

    const marker = await readCompactionMarker(store, "edge", HOUR);
    expect(marker?.records).toBe(4);
    expect(marker?.objects.map((o) => o.key)).toEqual([keys.usage("edge", HOUR, "edge-a", 0), keys.usage("edge", HOUR, "edge-a", 1)]);
    expect(marker?.parquet.key).toBe(keys.usageCompacted("edge", HOUR));
  });

  it("is idempotent: an unchanged hour is skipped, and compacting it again rewrites the same bytes", async () => {
    await putRaw(store, "edge-a", 0, [record("r1", 1), record("r2", 2), record("r1", 1)]);
    await compactHour({ store, source: "edge", hour: HOUR });
    const first = await bytesOf(store, keys.usageCompacted("edge", HOUR));

    expect((await compactHour({ store, source: "edge", hour: HOUR })).outcome).toBe("unchanged");
    await store.delete(keys.usageCompactedMarker("edge", HOUR));
    expect(await compactHour({ store, source: "edge", hour: HOUR })).toMatchObject({ outcome: "compacted", records: 2 });
    expect(await bytesOf(store, keys.usageCompacted("edge", HOUR))).toEqual(first);
  });

  it("folds a late batch into an hour already compacted, without duplicating what it held", async () => {
    await putRaw(store, "edge-a", 0, [record("r1", 1), record("r2", 2)]);
    await compactHour({ store, source: "edge", hour: HOUR });
    await putRaw(store, "edge-b", 0, [record("r2", 2), record("r5", 50)]);

    expect(await compactHour({ store, source: "edge", hour: HOUR })).toMatchObject({ outcome: "compacted", records: 3, rawObjects: 2 });
    expect((await readParquet(store)).rows.map((r) => r["id"])).toEqual(["r1", "r2", "r5"]);
  });

  it("writes nothing for an hour without raw objects", async () => {
    expect((await compactHour({ store, source: "edge", hour: HOUR })).outcome).toBe("empty");
    expect(await store.head(keys.usageCompactedMarker("edge", HOUR))).toBeUndefined();
  });
});

describe("compactClosedHours", () => {
  it("compacts hours whose end plus grace has passed, and leaves the open hour raw", async () => {
    const next = new Date(HOUR.getTime() + 3_600_000);
    await putRaw(store, "edge-a", 0, [record("r1", 1)]);
    await putRaw(store, "edge-a", 0, [record("r9", 1, { at: at(1, next) })], next);
    // 11:14: hour 10 ended 14 minutes ago, inside the 15-minute grace.
    const clock = new ManualClock(next.getTime() + 14 * 60_000);
    const policy = { graceMs: 15 * 60_000, lookbackHours: 3 };
    expect(await compactClosedHours({ store, clock, policy, sources: ["edge"] })).toEqual([]);

    clock.advance(60_000);
    expect(await compactClosedHours({ store, clock, policy, sources: ["edge"] })).toEqual([{ source: "edge", hour: HOUR.toISOString(), outcome: "compacted", records: 1, rawObjects: 1 }]);
    expect(await store.head(keys.usageCompacted("edge", next))).toBeUndefined();
    expect(closedHours(clock.now(), policy).map((h) => h.toISOString())).toEqual(["2026-12-03T08:00:00.000Z", "2026-12-03T09:00:00.000Z", "2026-12-03T10:00:00.000Z"]);
  });
});

describe("compactHour on S3", () => {
  let s3: S3rverProcess;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it("reads raw objects and puts the Parquet and marker through the ObjectStore", async () => {
    const bucket = new S3ObjectStore({ bucket: s3.bucket, region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials, maxAttempts: 1 });
    await putRaw(bucket, "relay-1", 0, [record("r1", 1), record("r2", 2), record("r1", 1)]);
    expect(await compactHour({ store: bucket, source: "edge", hour: HOUR, workDir: dir })).toMatchObject({ outcome: "compacted", records: 2 });
    expect((await readParquet(bucket)).rows.map((r) => r["id"])).toEqual(["r1", "r2"]);
    expect((await bucket.head(keys.usageCompacted("edge", HOUR)))?.contentType).toBe("application/vnd.apache.parquet");
    expect((await compactHour({ store: bucket, source: "edge", hour: HOUR, workDir: dir })).outcome).toBe("unchanged");
  });
});
