import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { takeStorageInventory } from "./storage-inventory.ts";
import { usageRecordSchema } from "./usage-record.ts";

const clock = new ManualClock(Date.UTC(2026, 11, 4, 3));
const json = (value: unknown) => JSON.stringify(value);
const bytes = (n: number) => new Uint8Array(n);
const playlist = (...durations: number[]) => ["#EXTM3U", "#EXT-X-TARGETDURATION:2", ...durations.flatMap((d, i) => [`#EXTINF:${d.toFixed(5)},`, `${i}.m4s`]), "#EXT-X-ENDLIST", ""].join("\n");
const asset = (id: string, kind: "upload" | "recording", mediaId: string, durationSeconds: number) =>
  json({ id, tenantId: "tenantA", kind, createdAt: "2026-12-01T00:00:00.000Z", mediaId, status: "ready", durationSeconds, renditions: [] });

async function seeded(): Promise<MemoryObjectStore> {
  const store = new MemoryObjectStore({ clock });
  // A recorded broadcast: its asset says how long it is.
  await store.put("media-records/rec1.json", json({ id: "rec1", tenantId: "tenantA", kind: "live", streamId: "stream1", createdAt: "2026-12-01T00:00:00.000Z" }));
  await store.put("assets/asset1.json", asset("asset1", "recording", "rec1", 3600.5));
  await store.put("media/rec1/720p/0.m4s", bytes(1000));
  await store.put("media/rec1/720p/1.m4s", bytes(500));
  await store.put("media/rec1/master.m3u8", bytes(20));
  // A VOD upload of tenant B.
  await store.put("media-records/vod1.json", json({ id: "vod1", tenantId: "tenantB", kind: "vod", assetId: "asset2", createdAt: "2026-12-01T00:00:00.000Z" }));
  await store.put("assets/asset2.json", json({ ...JSON.parse(asset("asset2", "upload", "vod1", 10)), tenantId: "tenantB" }));
  await store.put("assets/asset2/source.mp4", bytes(9999));
  await store.put("media/vod1/1080p/0.m4s", bytes(4000));
  // A live window that is not recorded: its media seconds come from the longest playlist.
  await store.put("media-records/win1.json", json({ id: "win1", tenantId: "tenantA", kind: "live", streamId: "stream2", createdAt: "2026-12-04T02:00:00.000Z" }));
  await store.put("media/win1/720p/index.m3u8", playlist(2, 2, 1.5));
  await store.put("media/win1/audio/index.m3u8", playlist(2, 2));
  return store;
}

describe("takeStorageInventory", () => {
  it("sums bytes and media seconds per media, keeps recordings, VOD and live windows apart, and names each day's record once", async () => {
    const store = await seeded();
    const records = await takeStorageInventory(store, new Date(clock.now()));
    const windowBytes = playlist(2, 2, 1.5).length + playlist(2, 2).length;
    expect(records.sort((a, b) => a.mediaId.localeCompare(b.mediaId))).toEqual([
      { id: "inv-2026-12-04-rec1", at: "2026-12-04T00:00:00.000Z", source: "inventory", tenantId: "tenantA", streamId: "stream1", mediaId: "rec1", kind: "storage", bytes: 1520, mediaSeconds: 3600.5, mediaType: "recording" },
      { id: "inv-2026-12-04-vod1", at: "2026-12-04T00:00:00.000Z", source: "inventory", tenantId: "tenantB", mediaId: "vod1", kind: "storage", bytes: 4000, mediaSeconds: 10, mediaType: "vod" },
      { id: "inv-2026-12-04-win1", at: "2026-12-04T00:00:00.000Z", source: "inventory", tenantId: "tenantA", streamId: "stream2", mediaId: "win1", kind: "storage", bytes: windowBytes, mediaSeconds: 5.5, mediaType: "live" },
    ]);
    for (const record of records) expect(usageRecordSchema.parse(record)).toEqual(record);
  });

  it("takes the same ids again the same day, and new ones the next", async () => {
    const store = await seeded();
    const first = await takeStorageInventory(store, new Date(clock.now()));
    const again = await takeStorageInventory(store, new Date(clock.now() + 3_600_000));
    const next = await takeStorageInventory(store, new Date(clock.now() + 86_400_000));
    expect(again.map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
    expect(next.every((r) => r.id.startsWith("inv-2026-12-05-") && r.at === "2026-12-05T00:00:00.000Z")).toBe(true);
  });
});
