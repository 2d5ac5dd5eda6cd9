// A passthrough-only stream end to end: a real ffmpeg publishes over RTMP, the relay remuxes its
// H.264 and AAC to CMAF in process (no ffmpeg), and the result plays through the edge with a token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFtyp } from "#transcoder/boxes/ftyp.ts";
import { readChildren } from "#transcoder/boxes/children.ts";
import { createStream } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { publishTestPattern } from "./support/publisher.ts";
import { waitForEnded } from "./support/live.ts";

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

describe("passthrough-only RTMP publish", () => {
  it("is remuxed with its audio kept and plays through the edge", async () => {
    const { stream, streamKey } = await createStream(platform.records, LOCAL_TENANT_ID, { name: "remux", ladder: "passthrough", reconnectWindowSeconds: 0 });
    const publisher = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: 8, width: 640, height: 360 });
    expect((await publisher.exited).code).toBe(0);
    await waitForEnded(platform, stream.id);

    const { hls } = await playbackUrls(platform, stream.id);
    const master = await (await fetch(hls)).text();
    expect(master).toMatch(/CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2",RESOLUTION=640x360,FRAME-RATE=30\.000,AUDIO="audio"\nsource\/index\.m3u8/);
    const decoded = await decodeStreams(hls);
    expect(decoded.find((s) => s.codecType === "video")?.frames).toBeGreaterThan(8 * 30 * 0.9);
    expect(decoded.find((s) => s.codecType === "audio")?.frames).toBeGreaterThan(((8 * 48_000) / 1024) * 0.8);

    // The header is the remuxer's (brand iso6, minor 0); ffmpeg's mp4 muxer would have written iso5/512.
    const init = new Uint8Array(await (await fetch(hls.replace("master.m3u8", "source/init.mp4"))).arrayBuffer());
    expect(parseFtyp(readChildren(init)[0]?.payload ?? new Uint8Array())).toMatchObject({ major_brand: "iso6", minor_version: 0 });
  });
});
