// Metering end to end: ffmpeg publishes a 10 s live broadcast over RTMP to the whole platform, a viewer
// then fetches the recording's playlist and every segment through the edge, and the platform is
// closed as SIGTERM closes it. The usage objects in storage must then hold ingest, transcode and
// record seconds within one segment (2 s) of the 10 s that were sent, connected time likewise, and
// edge records whose bytes and media seconds equal what the viewer received and the playlist lists.
// The batch window is an hour, so nothing is written before the shutdown flush. A second broadcast is
// still live when the platform stops: its last interval is written all the same.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys } from "#core/storage/keys.ts";
import { playlistSeconds, segmentDurations } from "#core/usage/playlist-durations.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { createLiveStream, livePointer, text, until, waitForEnded } from "./support/live.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { publishTestPattern } from "./support/publisher.ts";
import { usageRecords } from "./support/usage-records.ts";

const SECONDS = 10;
const SEGMENT = 2;
let platform: TestPlatform;
let closed = false;

beforeAll(async () => {
  platform = await startTestPlatform({ usage: { batchWindowSeconds: 3_600, meterIntervalSeconds: 5 } });
});

afterAll(async () => {
  if (!closed) await platform?.close();
  if (platform) await rm(platform.dataDir, { recursive: true, force: true });
});

const sum = (records: readonly UsageRecord[], field: "mediaSeconds" | "connectedSeconds" | "bytes") => records.reduce((total, r) => total + (r[field] ?? 0), 0);

describe("usage metering of a live broadcast", () => {
  it("meters ingest, transcode and record time within one segment of the truth, and delivery exactly", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 0, recording: true });
    const publisher = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: SECONDS, width: 640, height: 360 });
    const mediaId = (await until("the live pointer", () => livePointer(platform, stream.id))).mediaId;
    expect((await publisher.exited).code).toBe(0);
    await waitForEnded(platform, stream.id);

    // A viewer plays the recording through the edge: the 360p playlist and every segment it lists.
    const { hls } = await playbackUrls(platform, stream.id);
    const playlistUrl = hls.replace("master.m3u8", "360p/index.m3u8");
    const playlist = await (await fetch(playlistUrl)).text();
    const listed = segmentDurations(playlist);
    let received = 0;
    for (const file of listed.keys()) received += (await (await fetch(new URL(file, playlistUrl))).arrayBuffer()).byteLength;
    expect(listed.size).toBeGreaterThanOrEqual(SECONDS / SEGMENT - 1);
    expect(await usageRecords(platform.store, "relay")).toEqual([]);

    // What SIGTERM does: the platform closes, and every buffered record is written.
    await platform.close();
    closed = true;
    const relay = await usageRecords(platform.store, "relay");
    const of = (kind: UsageRecord["kind"], rendition?: string) => relay.filter((r) => r.kind === kind && r.mediaId === mediaId && (rendition === undefined || r.rendition === rendition));
    expect(new Set(relay.map((r) => r.id)).size).toBe(relay.length);
    // Intervals of 5 s split the broadcast, and sum back to it.
    expect(of("ingest").length).toBeGreaterThanOrEqual(2);
    for (const [name, records] of [["ingest", of("ingest")], ["transcode 360p", of("transcode", "360p")], ["transcode audio", of("transcode", "audio")], ["record 360p", of("record", "360p")]] as const) {
      expect(Math.abs(sum(records, "mediaSeconds") - SECONDS), name).toBeLessThanOrEqual(SEGMENT);
    }
    expect(Math.abs(sum(of("ingest"), "connectedSeconds") - SECONDS)).toBeLessThanOrEqual(SEGMENT);
    expect(of("transcode", "360p").every((r) => r.tier === "SD" && r.streamId === stream.id && r.tenantId === stream.tenantId)).toBe(true);
    // The recorded seconds are the seconds the recording's playlist lists.
    expect(sum(of("record", "360p"), "mediaSeconds")).toBeCloseTo(playlistSeconds(playlist), 3);

    // The viewer asked by stream id; the records name the broadcast's media and the stream.
    const segments = (await usageRecords(platform.store, "edge")).filter((r) => r.kind === "segment" && r.rendition === "360p" && r.mediaId === mediaId && r.streamId === stream.id);
    expect(segments).toHaveLength(listed.size);
    expect(sum(segments, "bytes")).toBe(received);
    expect(sum(segments, "mediaSeconds")).toBeCloseTo(playlistSeconds(playlist), 5);
    expect(segments.every((r) => r.tier === "SD" && r.sessionId === segments[0]?.sessionId)).toBe(true);
    expect(await platform.store.head(keys.mediaPlaylist(mediaId, "360p"))).toBeDefined();
  });

  it("writes a broadcast's last interval when the platform stops while it is live", async () => {
    const live = await startTestPlatform({ usage: { batchWindowSeconds: 3_600, meterIntervalSeconds: 60 } });
    try {
      const { stream, streamKey } = await createLiveStream(live, { recording: true });
      const publisher = publishTestPattern(`rtmp://127.0.0.1:${live.relay?.rtmpPort}/live/${streamKey}`, { seconds: 60, width: 640, height: 360 });
      const mediaId = (await until("the live pointer", () => livePointer(live, stream.id))).mediaId;
      const playlistKey = keys.mediaPlaylist(mediaId, "360p");
      await until("three segments", async () => (segmentDurations((await text(live, playlistKey)) ?? "").size >= 3 ? true : undefined));
      await live.close();
      publisher.stop();
      await publisher.exited;
      const records = (await usageRecords(live.store, "relay")).filter((r) => r.mediaId === mediaId);
      const stored = playlistSeconds((await text(live, playlistKey)) ?? "");
      expect(stored).toBeGreaterThanOrEqual(3 * SEGMENT - 0.1);
      // Everything packaged before the stop is billed once: the recording and the transcode equal what storage lists.
      expect(sum(records.filter((r) => r.kind === "record" && r.rendition === "360p"), "mediaSeconds")).toBeCloseTo(stored, 3);
      expect(sum(records.filter((r) => r.kind === "transcode" && r.rendition === "360p"), "mediaSeconds")).toBeCloseTo(stored, 3);
      const ingest = records.filter((r) => r.kind === "ingest");
      expect(sum(ingest, "connectedSeconds")).toBeGreaterThanOrEqual(stored - SEGMENT);
    } finally {
      await rm(live.dataDir, { recursive: true, force: true });
    }
  });
});
