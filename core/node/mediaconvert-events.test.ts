import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../src/clock.ts";
import { saveAsset } from "../src/records/assets.ts";
import { assetRecordSchema, type AssetRecord } from "../src/records/schemas.ts";
import { readJson } from "../src/storage/json.ts";
import { keys } from "../src/storage/keys.ts";
import { FsObjectStore } from "./fs-object-store.ts";
import { NdjsonUsageSink } from "./usage-ndjson-sink.ts";
import { applyJobStateChange, type EventOutcome } from "../src/vod/mediaconvert-events.ts";
import { awaitedOutboxEvents } from "../src/vod/outbox-events.ts";

const ASSET = "01jmcfixtureasset000000000";
const JOB = "1767225600000-abc123";

async function fixture(name: string): Promise<unknown> {
  return JSON.parse(await readFile(new URL(`../src/vod/fixtures/mediaconvert/${name}.json`, import.meta.url), "utf8")) as unknown;
}

let dir: string;
let store: FsObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mc-events-"));
  store = new FsObjectStore({ root: dir, durable: false });
  await saveAsset({ store }, { id: ASSET, tenantId: "t1", kind: "upload", createdAt: "2026-01-01T00:00:00Z", mediaId: ASSET, status: "queued", name: "talk", renditions: [], job: { backend: "mediaconvert", id: JOB, progress: 0 } });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Applies the fixtures in order, as the Lambda does one invocation per event. */
async function deliver(...names: string[]): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = [];
  for (const name of names) {
    const events = awaitedOutboxEvents(store);
    const usage = new NdjsonUsageSink({ store, clock: systemClock, instance: `mc-${JOB}` });
    outcomes.push(await applyJobStateChange(await fixture(name), { store, events, usage }));
    await usage.close();
    await events.settled();
  }
  return outcomes;
}

async function asset(): Promise<AssetRecord> {
  const document = await readJson(store, keys.asset(ASSET), assetRecordSchema);
  if (document === undefined) throw new Error("asset missing");
  return document.value;
}

async function outbox(): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const page = await store.list({ prefix: keys.webhookOutboxEvents() });
  const events = [];
  for (const object of page.objects) events.push(((await readJson(store, object.key)) as { value: { event: { type: string; data: Record<string, unknown> } } }).value.event);
  return events;
}

async function usageRecords(): Promise<Array<Record<string, unknown>>> {
  const page = await store.list({ prefix: "usage/vod/" });
  const records = [];
  for (const object of page.objects) {
    const body = await store.get(object.key);
    const text = gunzipSync(new Uint8Array(await new Response(body?.body).arrayBuffer())).toString("utf8");
    for (const line of text.split("\n").filter(Boolean)) records.push(JSON.parse(line) as Record<string, unknown>);
  }
  return records;
}

describe("applyJobStateChange", () => {
  it("moves the asset through processing with progress to ready, with renditions, usage and one asset.ready", async () => {
    expect(await deliver("progressing")).toEqual(["updated"]);
    expect(await asset()).toMatchObject({ status: "processing", job: { progress: 0 } });
    await deliver("status-update-40");
    expect((await asset()).job?.progress).toBe(0.4);
    await deliver("status-update-80", "complete");
    const ready = await asset();
    expect(ready).toMatchObject({ status: "ready", durationSeconds: 20.053, job: { backend: "mediaconvert", id: JOB, progress: 1 } });
    expect(ready.renditions).toEqual([
      { name: "720p", width: 1280, height: 720, bandwidth: 2_400_000 },
      { name: "480p", width: 854, height: 480, bandwidth: 1_200_000 },
    ]);
    expect(await outbox()).toEqual([expect.objectContaining({ type: "asset.ready", data: { assetId: ASSET, mediaId: ASSET, durationSeconds: 20.053, renditions: ["720p", "480p"] } })]);
    const usage = await usageRecords();
    expect(usage.map((r) => [r["id"], r["kind"], r["rendition"], r["mediaSeconds"], r["tier"], r["tenantId"]])).toEqual([
      [`enc-${JOB}-720p`, "encode", "720p", 20.02, "HD", "t1"],
      [`enc-${JOB}-480p`, "encode", "480p", 20.02, "SD", "t1"],
      [`enc-${JOB}-audio`, "encode", "audio", 20.053, undefined, "t1"],
    ]);
  });

  it("ignores duplicated and out-of-order events: no regression, no second webhook, the same usage records", async () => {
    await deliver("status-update-80");
    expect(await deliver("status-update-40", "progressing")).toEqual(["unchanged", "unchanged"]);
    expect((await asset()).job?.progress).toBe(0.8);
    expect(await deliver("complete", "complete", "status-update-40", "error")).toEqual(["updated", "unchanged", "unchanged", "unchanged"]);
    expect(await asset()).toMatchObject({ status: "ready", job: { progress: 1 } });
    expect((await outbox()).map((e) => e.type)).toEqual(["asset.ready"]);
    expect(new Set((await usageRecords()).map((r) => r["id"])).size).toBe(3);
  });

  it("errors the asset with MediaConvert's reason, once", async () => {
    expect(await deliver("status-update-40", "error", "error", "complete")).toEqual(["updated", "updated", "unchanged", "unchanged"]);
    expect(await asset()).toMatchObject({ status: "errored", error: { code: "transcode.failed", message: expect.stringContaining("indeo4") as string } });
    expect(await outbox()).toEqual([expect.objectContaining({ type: "asset.errored" })]);
  });

  it("errors a cancelled job", async () => {
    expect(await deliver("canceled")).toEqual(["updated"]);
    expect(await asset()).toMatchObject({ status: "errored", error: { code: "transcode.canceled" } });
  });

  it("leaves the asset alone for another job's events, unknown assets and malformed events", async () => {
    await saveAsset({ store }, { ...(await asset()), job: { backend: "mediaconvert", id: "1767229999999-zzz999", progress: 0 } });
    expect(await deliver("complete")).toEqual(["other-job"]);
    expect((await asset()).status).toBe("queued");
    const other = (await fixture("complete")) as { detail: { userMetadata: Record<string, string> } };
    other.detail.userMetadata["assetId"] = "01jmcnosuchasset0000000000";
    const events = awaitedOutboxEvents(store);
    const usage = new NdjsonUsageSink({ store, clock: systemClock, instance: "x" });
    await expect(applyJobStateChange(other, { store, events, usage })).resolves.toBe("no-asset");
    await expect(applyJobStateChange({ detail: { status: "COMPLETE" } }, { store, events, usage })).resolves.toBe("ignored");
    await usage.close();
  });
});
