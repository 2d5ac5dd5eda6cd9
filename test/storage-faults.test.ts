// A live broadcast survives a misbehaving store: the platform runs in S3 mode against a real S3 server
// (s3rver) behind a fault proxy that, on a seeded schedule, answers about 30 % of requests 500/503,
// stalls some past the client's idle timeout, resets some connections partway through the answer and
// reads some request bodies slowly. A real ffmpeg publishes 20 s with recording on; playback from the
// relay origin goes on throughout; afterwards, reading the bucket directly, every segment the final
// playlists list is there and decodes, and every second published is recorded. The relay's storage
// queue stays bounded, and its health record says so while storage is behind.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import { createStream } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { bodyBytes } from "#core/storage/object-body.ts";
import { keys } from "#core/storage/keys.ts";
import { defaultWriteRetry, type WriteRetryPolicy } from "#core/storage/write-retry.ts";
import { S3ObjectStore } from "#core-node/s3-object-store.ts";
import { startS3rver, type S3rverProcess } from "#core-node/testing/s3rver.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { startFaultProxy, type FaultProxy, type FaultSchedule } from "./support/fault-proxy.ts";
import { livePointer, text, until } from "./support/live.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { publishTestPattern } from "./support/publisher.ts";

const SECONDS = 20;
const SEGMENT_SECONDS = 2;
/** The relay's storage queue cap: a few segments of this publish, so a slow stretch of storage reaches it. */
const CAP_BYTES = 600_000;
const SCHEDULE: FaultSchedule = { seed: 20_260_101, errorRate: 0.3, stallRate: 0.05, resetRate: 0.05, slowBodyRate: 0.1, stallMs: 2_000, slowBodyBytesPerSecond: 512 * 1024 };

let s3: S3rverProcess;
let proxy: FaultProxy;
let platform: TestPlatform;
/** The bucket read directly, not through the proxy. */
let direct: { store: S3ObjectStore };
let scratch: string;

beforeAll(async () => {
  s3 = await startS3rver();
  proxy = await startFaultProxy(s3.endpoint, SCHEDULE);
  proxy.enabled = false; // set-up runs clean; the faults start with the broadcast
  const storage = { kind: "s3", bucket: s3.bucket, endpoint: proxy.url, forcePathStyle: true, socketTimeoutMs: 1_000 };
  platform = await startTestPlatform(
    { role: "relay", storage },
    // The VOD queue has no work here; its polls would only add requests to the fault schedule.
    { storageCredentials: s3.credentials, relay: { thumbnailIntervalSeconds: 0, healthIntervalMs: 500, maxStorageBacklogBytes: CAP_BYTES }, worker: { pollMs: 600_000 } },
  );
  direct = { store: new S3ObjectStore({ bucket: s3.bucket, region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials }) };
  scratch = await mkdtemp(join(tmpdir(), "tributary-faults-"));
});

afterAll(async () => {
  await platform?.stop();
  direct?.store.destroy();
  await proxy?.stop();
  await s3?.stop();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

/**
 * The stream's live pointer read from the bucket. s3rver writes an object in place, so a read racing a
 * heartbeat can see it half written (S3 itself publishes objects atomically): such a read counts as not yet.
 */
async function pointerState(streamId: string) {
  return livePointer(direct, streamId).catch((error: unknown) => {
    if (isTributaryError(error, "record.invalid")) return undefined;
    throw error;
  });
}

/** The longest a write can spend backing off under `policy`. */
function retryBudgetMs(policy: WriteRetryPolicy): number {
  let total = 0;
  for (let attempt = 1; attempt < policy.attempts; attempt++) total += Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return total;
}

/** Watches the broadcast from the relay origin until `done` settles: playlist fetches, segments seen, health advisories, backlog. */
async function watch(originUrl: string, mediaId: string, streamId: string, done: Promise<unknown>) {
  const seen = { fetches: 0, ok: 0, newest: -1, newSegmentAt: [] as number[], advisories: new Set<string>(), peakBacklog: 0 };
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    const response = await fetch(`${originUrl}/media/${mediaId}/source/index.m3u8`).catch(() => undefined);
    // Reloads count from the first listing on: before its first segment a broadcast has no playlist to give.
    if (response?.status === 200 || seen.ok > 0) seen.fetches++;
    if (response?.status === 200) {
      seen.ok++;
      const newest = Math.max(-1, ...[...(await response.text()).matchAll(/^(\d+)\.m4s$/gm)].map((m) => Number(m[1])));
      if (newest > seen.newest) {
        seen.newest = newest;
        seen.newSegmentAt.push(Date.now());
      }
    } else await response?.body?.cancel();
    const health = await fetch(`${originUrl}/health/${streamId}`).catch(() => undefined);
    if (health?.status === 200) for (const advisory of ((await health.json()) as { advisories: { code: string }[] }).advisories) seen.advisories.add(advisory.code);
    seen.peakBacklog = Math.max(seen.peakBacklog, platform.relay?.streams.get(streamId)?.broadcast.storageBacklog.peakBytes ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return seen;
}

/** Header plus segment, as a player would join them, decoded by ffprobe; with the segment's size. */
async function decodeSegment(mediaId: string, rendition: string, sequence: number) {
  const header = await bodyBytes((await direct.store.get(keys.init(mediaId, rendition)))?.body ?? new ReadableStream());
  const segment = await bodyBytes((await direct.store.get(keys.segment(mediaId, rendition, sequence)))?.body ?? new ReadableStream());
  expect(segment.byteLength, `${rendition}/${sequence}.m4s is stored`).toBeGreaterThan(0);
  const file = join(scratch, `${rendition}-${sequence}.mp4`);
  await writeFile(file, Buffer.concat([header, segment]));
  return { frames: (await decodeStreams(file))[0]?.frames ?? 0, bytes: segment.byteLength };
}

describe("storage faults during a live broadcast", () => {
  it("keeps playback going, records every second published and keeps the relay's memory bounded", async () => {
    const { stream, streamKey } = await createStream(platform.records, LOCAL_TENANT_ID, { name: "faults", ladder: "passthrough", recording: true, reconnectWindowSeconds: 0 });
    proxy.enabled = true;
    const publisher = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: SECONDS, width: 320, height: 180, videoBitrate: "800k" });
    const pointer = await until("the live pointer", () => pointerState(stream.id));
    const startedAt = Date.now();
    let publishedAt = 0;
    const exited = publisher.exited.finally(() => (publishedAt = Date.now()));
    // Viewers keep reloading until the broadcast is over: storage slower than real time holds the
    // publisher back, so the relay is still packaging (and the origin still listing) after ffmpeg exits.
    const ended = exited.then(() => until("the broadcast to end", async () => ((await pointerState(stream.id))?.state === "ended" ? true : undefined), 50_000));
    const published = await watch(pointer.originUrl, pointer.mediaId, stream.id, ended);
    await ended;
    const endedAt = Date.now();
    proxy.enabled = false;
    expect((await exited).code).toBe(0);
    const counts = structuredClone(proxy.counts);
    const gaps = published.newSegmentAt.slice(1).map((at, i) => at - (published.newSegmentAt[i] ?? at));

    // Playback from the relay origin went on: nearly every reload answered, and segments kept coming
    // to the last one; while storage is behind the publisher is paused, so live media waits too.
    expect(published.ok).toBeGreaterThan(published.fetches * 0.95);
    expect(published.newest).toBeGreaterThanOrEqual(SECONDS / SEGMENT_SECONDS - 1);
    // One write may back off for the whole retry policy while the publisher waits; no gap is longer.
    expect(Math.max(...gaps)).toBeLessThan(retryBudgetMs(defaultWriteRetry) + 10_000);
    // The faults really happened, and the store was slow enough to matter.
    expect(counts.faults["error-500"] + counts.faults["error-503"]).toBeGreaterThan(counts.requests * 0.2);
    for (const kind of ["stall", "reset", "slow-body"] as const) expect(counts.faults[kind]).toBeGreaterThan(0);
    expect(published.advisories).toContain("storage_behind");

    // The recording, read from the bucket itself: final, complete, every listed segment decodes.
    const recorded: Record<string, { segments: number; seconds: number }> = {};
    let largestSegment = 0;
    for (const rendition of ["source", "audio"]) {
      const playlist = (await text(direct, keys.mediaPlaylist(pointer.mediaId, rendition))) ?? "";
      expect(playlist).toContain("#EXT-X-ENDLIST");
      const sequences = [...playlist.matchAll(/^(\d+)\.m4s$/gm)].map((m) => Number(m[1]));
      expect(sequences).toEqual(sequences.map((_, i) => i));
      const seconds = [...playlist.matchAll(/^#EXTINF:([\d.]+),/gm)].reduce((n, m) => n + Number(m[1]), 0);
      expect(seconds, `${rendition} recorded seconds`).toBeGreaterThan(SECONDS - SEGMENT_SECONDS);
      expect(sequences.length).toBeGreaterThanOrEqual(SECONDS / SEGMENT_SECONDS);
      for (const sequence of sequences) {
        const decoded = await decodeSegment(pointer.mediaId, rendition, sequence);
        expect(decoded.frames, `${rendition}/${sequence}.m4s decodes`).toBeGreaterThan(0);
        largestSegment = Math.max(largestSegment, decoded.bytes);
      }
      recorded[rendition] = { segments: sequences.length, seconds: Math.round(seconds * 100) / 100 };
    }
    // Memory stayed bounded: reading stops at the cap; past it only the event that crossed it and what
    // was already read still join the queue, less than a segment with its parts (the same bytes again).
    expect(published.peakBacklog).toBeLessThanOrEqual(CAP_BYTES + 2 * largestSegment);
    // The figures docs/reliability.md reports.
    const relay = platform.relay?.counters.figures();
    console.log(JSON.stringify({ ...counts, newSegmentAt: published.newSegmentAt.map((at) => at - startedAt), publishMs: publishedAt - startedAt, endMs: endedAt - publishedAt, playlistFetches: published.fetches, playlistOk: published.ok, newestLive: published.newest, maxGapMs: Math.max(...gaps), advisories: [...published.advisories], peakBacklog: published.peakBacklog, cap: CAP_BYTES, storageWriteErrors: relay?.storageWriteErrors, recorded, largestSegment }));
  }, 90_000);
});
