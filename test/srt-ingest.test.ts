// SRT ingest end to end: ffmpeg publishes MPEG-TS over SRT (AES-128, per-stream passphrase) to the
// whole platform; the edge serves the renditions, ffprobe decodes them, the recording, thumbnails,
// ingest health and webhooks appear; a wrong passphrase is refused in the handshake.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { assetRecordSchema } from "#core/records/schemas.ts";
import { readIngestHealth } from "#core/records/ingest-health.ts";
import { playbackUrls, srtPublishUrl } from "../scripts/platform/banner.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { publishTestPattern } from "./support/publisher.ts";
import { createLiveStream, livePointer, startLivePlatform, until, type LivePlatform } from "./support/live.ts";

const PASSPHRASE = "e2e-srt-passphrase-01";
let platform: LivePlatform;
let streamId: string;

beforeAll(async () => {
  platform = await startLivePlatform();
  const { stream } = await createLiveStream(platform, { srtPassphrase: PASSPHRASE, reconnectWindowSeconds: 0 });
  streamId = stream.id;
  await platform.relay?.refreshSrtCredentials();
});

afterAll(async () => {
  await platform?.stop();
});

const url = (passphrase: string) => srtPublishUrl("127.0.0.1", platform.relay?.srtPort ?? 0, streamId, passphrase);

describe("SRT ingest through the platform", () => {
  it("refuses a wrong passphrase", async () => {
    const refused = await publishTestPattern(url("not-the-passphrase"), { seconds: 2, width: 640, height: 360, format: "mpegts" }).exited;
    expect(refused.code).not.toBe(0);
    expect(platform.events).toEqual([]);
  });

  it("packages a publish: renditions through the edge decode, health, thumbnails, recording and webhooks appear", async () => {
    const publisher = publishTestPattern(url(PASSPHRASE), { seconds: 8, width: 640, height: 360, format: "mpegts" });
    const health = await until("ingest health", async () => {
      const report = await readIngestHealth(platform.store, streamId);
      return report && report.fps > 0 && report.keyframeIntervalSeconds > 0 ? report : undefined;
    });
    expect(health.video).toMatchObject({ width: 640, height: 360 });
    expect(health.video?.codec).toMatch(/^avc1\./);
    expect(health.audio?.codec).toBe("mp4a.40.2");
    expect(platform.relay?.health.report(streamId)?.state).toBe("live");
    expect((await publisher.exited).code).toBe(0);
    await until("the stream to end", async () => ((await livePointer(platform, streamId))?.state === "ended" ? true : undefined));
    await until("recording.ready", async () => (platform.events.some((e) => e.type === "recording.ready") ? true : undefined));

    const { hls } = await playbackUrls(platform, streamId);
    const master = await (await fetch(hls)).text();
    expect(master.split("\n").filter((line) => line.endsWith(".m3u8") && !line.startsWith("#"))).toEqual(["360p/index.m3u8"]);
    const video = (await decodeStreams(hls.replace("master.m3u8", "360p/index.m3u8"))).find((s) => s.codecType === "video");
    expect(video).toMatchObject({ width: 640, height: 360 });
    expect(video?.frames).toBeGreaterThan(5 * 30);
    const audio = (await decodeStreams(hls.replace("master.m3u8", "audio/index.m3u8"))).find((s) => s.codecType === "audio");
    expect(audio?.frames).toBeGreaterThan(100);

    expect(platform.events.map((e) => e.type)).toEqual(["stream.connected", "stream.live", "stream.disconnected", "stream.ended", "recording.ready"]);
    const ready = platform.events.find((e) => e.type === "recording.ready");
    const mediaId = ready?.data["mediaId"] as string;
    const asset = await readJson(platform.store, keys.asset(ready?.data["assetId"] as string), assetRecordSchema);
    expect(asset?.value).toMatchObject({ kind: "recording", status: "ready", mediaId, sourceStreamId: streamId, renditions: [{ name: "360p", width: 640, height: 360 }] });
    expect(asset?.value.durationSeconds).toBeGreaterThan(5);
    expect(await platform.store.head(`${keys.mediaPrefix(mediaId)}poster.jpg`)).toMatchObject({ contentType: "image/jpeg" });
    expect(await platform.store.head(`${keys.mediaPrefix(mediaId)}thumbnails/0.jpg`)).toBeDefined();
    expect(await platform.store.head(`${keys.mediaPrefix(mediaId)}360p/dvr.m3u8`)).toBeDefined();
    // The poster is served through the edge with the playback token, like any object of the media.
    const poster = await fetch(hls.replace("master.m3u8", "poster.jpg"));
    expect(poster.status).toBe(200);
    expect(poster.headers.get("content-type")).toBe("image/jpeg");
  });
});
