// The live path end to end: real ffmpeg publishers over RTMP and RTMPS (and GStreamer's rtmp2sink)
// into the relay, the one-decode ladder, CMAF in storage, and playback through the edge with a token.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStream } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { firstDecodeTime } from "./support/cmaf.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { publishTestPattern } from "./support/publisher.ts";
import { waitForEnded } from "./support/live.ts";

const LADDER = [
  { name: "480p", width: 854, height: 480, bitrate: 900_000, preset: "ultrafast" },
  { name: "360p", width: 640, height: 360, bitrate: 600_000, preset: "ultrafast" },
  { name: "240p", width: 426, height: 240, bitrate: 300_000, preset: "ultrafast" },
];
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

async function newStream(name: string, ladder: unknown[] = LADDER) {
  // No reconnect window: each broadcast ends (and its playlists are final) as soon as the publisher leaves.
  return createStream(platform.records, LOCAL_TENANT_ID, { name, ladder: ladder as Record<string, unknown>[], reconnectWindowSeconds: 0 });
}

async function bytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

describe("RTMP publish to playback", () => {
  it("transcodes 20 s of 720p into an aligned ladder that plays through the edge", async () => {
    const { stream, streamKey } = await newStream("rtmp");
    const rtmp = `rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`;
    const publisher = publishTestPattern(rtmp, { seconds: 20, width: 1280, height: 720, videoBitrate: "2000k" });
    expect((await publisher.exited).code).toBe(0);
    await waitForEnded(platform, stream.id);

    const { hls, dash } = await playbackUrls(platform, stream.id);
    const master = await (await fetch(hls)).text();
    for (const [name, resolution] of [["480p", "854x480"], ["360p", "640x360"], ["240p", "426x240"]]) {
      expect(master).toMatch(new RegExp(`CODECS="avc1\\.[0-9a-f]{6},mp4a\\.40\\.2",RESOLUTION=${resolution},FRAME-RATE=30\\.000,AUDIO="audio"\\n${name}/index\\.m3u8`));
    }
    for (const name of ["480p", "360p", "240p"]) {
      const video = (await decodeStreams(hls.replace("master.m3u8", `${name}/index.m3u8`))).find((s) => s.codecType === "video");
      expect(video?.frames).toBeGreaterThan(20 * 30 * 0.9);
    }
    const fromDash = await decodeStreams(dash);
    expect(fromDash.filter((s) => s.codecType === "video" && s.frames > 0)).toHaveLength(3);
    expect(fromDash.some((s) => s.codecType === "audio" && s.frames > 0)).toBe(true);

    // Every segment n starts at the same media time in every rendition.
    const playlist = await (await fetch(hls.replace("master.m3u8", "480p/index.m3u8"))).text();
    const sequences = playlist.split("\n").filter((line) => /^\d+\.m4s$/.test(line)).map((line) => Number(line.slice(0, -4)));
    expect(sequences.length).toBeGreaterThanOrEqual(9);
    for (const sequence of sequences) {
      const starts = await Promise.all(["480p", "360p", "240p"].map(async (name) => firstDecodeTime(await bytes(hls.replace("master.m3u8", `${name}/${sequence}.m4s`)))));
      expect(new Set(starts).size).toBe(1);
    }
  });

  it("accepts RTMPS and refuses a wrong stream key", async () => {
    const { stream, streamKey } = await newStream("rtmps", [LADDER[2]]);
    const rtmps = `rtmps://127.0.0.1:${platform.relay?.rtmpsPort}/live/${streamKey}`;
    const publisher = publishTestPattern(rtmps, { seconds: 6, width: 640, height: 360 });
    expect((await publisher.exited).code).toBe(0);
    await waitForEnded(platform, stream.id);
    const { hls } = await playbackUrls(platform, stream.id);
    const video = (await decodeStreams(hls.replace("master.m3u8", "240p/index.m3u8"))).find((s) => s.codecType === "video");
    expect(video?.frames).toBeGreaterThan(6 * 30 * 0.8);

    const wrong = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}x`, { seconds: 2, width: 320, height: 240 });
    expect((await wrong.exited).code).not.toBe(0);
  });

  it("refuses playback without a token", async () => {
    const { stream } = await newStream("tokenless", [LADDER[2]]);
    expect((await fetch(`${platform.edgeUrl}/p/${stream.id}/master.m3u8`)).status).toBe(401);
  });

  it("interoperates with GStreamer's rtmp2sink", async () => {
    const { stream, streamKey } = await newStream("gstreamer", [LADDER[2]]);
    const location = `rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`;
    const pipeline = [
      "-q", "videotestsrc", "num-buffers=180", "is-live=true", "!", "video/x-raw,width=640,height=360,framerate=30/1", "!",
      "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=60", "!", "h264parse", "!", "flvmux", "name=mux", "streamable=true", "!",
      "rtmp2sink", `location=${location}`, "audiotestsrc", "is-live=true", "num-buffers=280", "!", "audioconvert", "!", "voaacenc", "!", "aacparse", "!", "mux.",
    ];
    const gst = spawn("gst-launch-1.0", pipeline, { stdio: "ignore" });
    const code = await new Promise<number | null>((resolve) => gst.on("close", resolve));
    expect(code).toBe(0);
    await waitForEnded(platform, stream.id);
    const { hls } = await playbackUrls(platform, stream.id);
    const video = (await decodeStreams(hls.replace("master.m3u8", "240p/index.m3u8"))).find((s) => s.codecType === "video");
    expect(video?.frames).toBeGreaterThan(120);
  });
});
