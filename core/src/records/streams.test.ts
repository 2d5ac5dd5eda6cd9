import { describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "../clock.ts";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { getAsset, listAssets, saveAsset } from "./assets.ts";
import type { RecordContext } from "./context.ts";
import { authenticateStreamKey } from "./stream-key.ts";
import { createStream, deleteStream, getStream, listStreams, rotateStreamKey, updateStream } from "./streams.ts";

const clock = new ManualClock();
const context = (): RecordContext => ({ store: new MemoryObjectStore(), clock, random: cryptoRandom });

describe("streams", () => {
  it("creates a stream with defaults, a stream key and a generated SRT passphrase", async () => {
    const ctx = context();
    const { stream, streamKey } = await createStream(ctx, "acme", { name: "Main" });
    expect(streamKey).toMatch(new RegExp(`^sk_${stream.id}_`));
    expect(stream).toMatchObject({ tenantId: "acme", latencyMode: "normal", recording: true, dvrWindowSeconds: 7200, reconnectWindowSeconds: 60 });
    expect(stream.srtPassphrase?.length).toBeGreaterThanOrEqual(10);
    expect((await authenticateStreamKey(ctx.store, streamKey))?.id).toBe(stream.id);
    expect(await authenticateStreamKey(ctx.store, streamKey.slice(0, -2) + "xx")).toBeUndefined();
  });

  it("rotating the key refuses the old one at once", async () => {
    const ctx = context();
    const { stream, streamKey } = await createStream(ctx, "acme", { name: "Main" });
    const rotated = await rotateStreamKey(ctx, "acme", stream.id);
    expect(await authenticateStreamKey(ctx.store, streamKey)).toBeUndefined();
    expect((await authenticateStreamKey(ctx.store, rotated.streamKey))?.id).toBe(stream.id);
  });

  it("keeps tenants apart on get, update, rotate, delete and list", async () => {
    const ctx = context();
    const { stream } = await createStream(ctx, "acme", { name: "Main" });
    await createStream(ctx, "other", { name: "Theirs" });
    expect(await getStream(ctx, "other", stream.id)).toBeUndefined();
    await expect(updateStream(ctx, "other", stream.id, { name: "Hijack" })).rejects.toMatchObject({ code: "request.not_found" });
    await expect(rotateStreamKey(ctx, "other", stream.id)).rejects.toMatchObject({ code: "request.not_found" });
    await expect(deleteStream(ctx, "other", stream.id)).rejects.toMatchObject({ code: "request.not_found" });
    expect((await listStreams(ctx, "acme")).items.map((s) => s.id)).toEqual([stream.id]);
  });

  it("updates settings and deletes", async () => {
    const ctx = context();
    const { stream } = await createStream(ctx, "acme", { name: "Main" });
    const updated = await updateStream(ctx, "acme", stream.id, { name: "Renamed", latencyMode: "low" });
    expect(updated).toMatchObject({ name: "Renamed", latencyMode: "low", streamKeyHash: stream.streamKeyHash });
    await deleteStream(ctx, "acme", stream.id);
    expect(await getStream(ctx, "acme", stream.id)).toBeUndefined();
    expect((await listStreams(ctx, "acme")).items).toEqual([]);
  });

  it("pages through a tenant's streams in creation order", async () => {
    const ctx = context();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1);
      ids.push((await createStream(ctx, "acme", { name: `s${i}` })).stream.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listStreams(ctx, "acme", { limit: 2, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(ids);
  });
});

describe("assets", () => {
  it("lists and gets only the tenant's own assets", async () => {
    const ctx = context();
    const asset = { id: "a1", tenantId: "acme", kind: "upload" as const, createdAt: new Date(0).toISOString(), mediaId: "m1", status: "ready" as const, renditions: [] };
    await saveAsset(ctx, asset);
    await saveAsset(ctx, { ...asset, id: "a2", tenantId: "other", mediaId: "m2" });
    expect((await listAssets(ctx, "acme")).items.map((a) => a.id)).toEqual(["a1"]);
    expect(await getAsset(ctx, "other", "a1")).toBeUndefined();
  });
});
