import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { LIVE_POINTER } from "#core/platform/layout.ts";
import { assetRecordSchema, liveOriginSchema, type LiveOrigin } from "#core/records/schemas.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedText } from "#core/testing/stored-objects.ts";
import { ManualTimers } from "#core/webhooks/timers.ts";
import { createLogger } from "#core-node/logger.ts";
import { OrphanBroadcasts } from "./orphan-broadcasts.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../transcoder/src/cmaf/fixtures/store-event/${name}`, import.meta.url), "utf8");
const MASTER = '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",URI="audio/index.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720,AUDIO="aud"\n720p/index.m3u8\n';
const SELF = { originUrl: "http://10.0.0.9:8080", relayId: "relay-now" };

let clock: ManualClock;
let store: MemoryObjectStore;
let events: { type: string; data: Record<string, unknown> }[];
let held: Set<string>;
let orphans: OrphanBroadcasts;

const pointer = (streamId: string, extra: Partial<LiveOrigin> = {}): LiveOrigin => ({
  streamId, mediaId: `media-${streamId}`, tenantId: "acme", originUrl: "http://10.0.0.5:8080", relayId: "relay-gone",
  startedAt: new Date(0).toISOString(), heartbeatAt: new Date(clock.now()).toISOString(), state: "live", latencyMode: "normal", ...extra,
});

async function broadcast(p: LiveOrigin, recording = true): Promise<void> {
  await store.put(keys.stream(p.streamId), JSON.stringify({ id: p.streamId, tenantId: "acme", name: "s", createdAt: new Date(0).toISOString(), streamKeyHash: `sha256:${"a".repeat(64)}`, recording }));
  await store.put(keys.multivariant(p.mediaId), MASTER);
  await store.put(keys.mediaPlaylist(p.mediaId, "720p"), fixture("video.m3u8"));
  await store.put(keys.mediaPlaylist(p.mediaId, "audio"), fixture("audio.m3u8"));
  await store.put(keys.mpd(p.mediaId), fixture("expected.mpd"));
  await store.put(keys.liveOrigin(p.streamId), JSON.stringify(p));
}

const stored = async (streamId: string) => (await readJson(store, keys.liveOrigin(streamId), liveOriginSchema))?.value;

beforeEach(() => {
  clock = new ManualClock(Date.UTC(2026, 11, 4, 12));
  store = new MemoryObjectStore({ clock });
  events = [];
  held = new Set();
  orphans = new OrphanBroadcasts({
    store, clock, timers: new ManualTimers(clock), log: createLogger("orphans-test", "silent"),
    webhooks: { enqueue: (_tenant, type, data) => events.push({ type, data }) },
    self: SELF, holds: (mediaId) => held.has(mediaId),
  });
});

describe("OrphanBroadcasts", () => {
  it("ends a broadcast whose relay stopped beating: playlists, MPD, pointer, recording, webhooks", async () => {
    const p = pointer("s1");
    await broadcast(p);
    clock.advance(LIVE_POINTER.staleAfterMs + 1);
    expect(await orphans.sweep()).toBe(1);

    const video = (await storedText(store, keys.mediaPlaylist(p.mediaId, "720p"))) ?? "";
    expect(video.endsWith("4.m4s\n#EXT-X-ENDLIST\n")).toBe(true);
    expect(await storedText(store, keys.mediaPlaylist(p.mediaId, "audio"))).toContain("#EXT-X-ENDLIST");
    expect(await storedText(store, keys.mpd(p.mediaId))).toContain('type="static" mediaPresentationDuration="PT9.500S"');
    expect(await stored("s1")).toMatchObject({ state: "ended", mediaId: p.mediaId });
    const asset = (await readJson(store, keys.asset(p.mediaId), assetRecordSchema))?.value;
    expect(asset).toMatchObject({ kind: "recording", status: "ready", mediaId: p.mediaId, sourceStreamId: "s1", durationSeconds: 9.5, renditions: [{ name: "720p", width: 1280, height: 720, bandwidth: 3_000_000 }] });
    expect(events.map((e) => [e.type, e.data["recovered"]])).toEqual([["recording.ready", true], ["stream.ended", true]]);
    expect(await orphans.sweep()).toBe(0);
  });

  it("leaves running broadcasts alone, but ends this address's previous run at once", async () => {
    await broadcast(pointer("other"));
    await broadcast(pointer("mine", { originUrl: SELF.originUrl, relayId: SELF.relayId }));
    await broadcast(pointer("previous", { originUrl: SELF.originUrl, relayId: "relay-before-restart" }), false);
    await broadcast(pointer("ended", { state: "ended" }));
    await broadcast(pointer("held"));
    held.add("media-held");
    clock.advance(LIVE_POINTER.staleAfterMs + 1);
    held.add("media-mine");
    // other is stale too; mine and held are this relay's; ended is done.
    expect(await orphans.sweep()).toBe(2);
    expect((await stored("previous"))?.state).toBe("ended");
    expect((await stored("other"))?.state).toBe("ended");
    expect((await stored("mine"))?.state).toBe("live");
    expect((await stored("held"))?.state).toBe("live");
    expect(await readJson(store, keys.asset("media-previous"))).toBeUndefined(); // not recorded
  });

  it("never overwrites a pointer someone rewrote meanwhile", async () => {
    const p = pointer("s1");
    await broadcast(p);
    const read = await readJson(store, keys.liveOrigin("s1"), liveOriginSchema);
    const newer = pointer("s1", { mediaId: "media-new", relayId: "relay-new" });
    await store.put(keys.liveOrigin("s1"), JSON.stringify(newer));
    expect(await orphans.end(p, read?.etag)).toBe(true);
    expect((await stored("s1"))?.mediaId).toBe("media-new");
    expect(await storedText(store, keys.mediaPlaylist(p.mediaId, "720p"))).toContain("#EXT-X-ENDLIST");
  });

  it("ends an orphan found under a stream this relay takes over, without touching the pointer", async () => {
    const p = pointer("s1", { originUrl: SELF.originUrl, relayId: "relay-before-restart" });
    await broadcast(p);
    await orphans.beforeTakeover("s1");
    await orphans.settled();
    expect(await storedText(store, keys.mediaPlaylist(p.mediaId, "720p"))).toContain("#EXT-X-ENDLIST");
    expect((await stored("s1"))?.state).toBe("live");
  });
});
