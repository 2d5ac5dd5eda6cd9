// The sample VOD `npm start` makes, played through the Node edge with a signed URL: ffprobe decodes
// frames from every rendition, and the edge refuses what it must.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { ensureSampleVod } from "../scripts/platform/demo.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

let platform: TestPlatform;
let mediaId: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  mediaId = await ensureSampleVod(platform.records, LOCAL_TENANT_ID, platform.tools, platform.log, {
    seconds: 4,
    width: 640,
    height: 360,
    ladder: { rungs: [{ name: "360p", width: 640, height: 360, bitrate: 700_000, preset: "ultrafast" }, { name: "240p", width: 426, height: 240, bitrate: 350_000, preset: "ultrafast" }] },
  });
});

afterAll(async () => {
  await platform?.stop();
});

describe("sample VOD through the Node edge", () => {
  it("decodes frames from every rendition of the multivariant playlist", async () => {
    const { hls } = await playbackUrls(platform, mediaId);
    const master = await (await fetch(hls)).text();
    const variants = master.split("\n").filter((line) => line.endsWith("index.m3u8") && !line.startsWith("#"));
    expect(variants).toEqual(["360p/index.m3u8", "240p/index.m3u8"]);
    for (const variant of variants) {
      const streams = await decodeStreams(hls.replace("master.m3u8", variant));
      const video = streams.find((s) => s.codecType === "video");
      expect(video?.frames).toBeGreaterThanOrEqual(4 * 30 - 2);
    }
    const audio = await decodeStreams(hls.replace("master.m3u8", "audio/index.m3u8"));
    expect(audio.find((s) => s.codecType === "audio")?.frames).toBeGreaterThan(100);
  });

  it("decodes the DASH manifest", async () => {
    const { dash } = await playbackUrls(platform, mediaId);
    const streams = await decodeStreams(dash);
    expect(streams.filter((s) => s.codecType === "video").map((s) => s.height).sort()).toEqual([240, 360]);
    expect(streams.every((s) => s.frames > 0)).toBe(true);
  });

  it("refuses a missing token with 401 and another media's token with 403", async () => {
    const { hls } = await playbackUrls(platform, mediaId);
    const edge = platform.edgeUrl ?? "";
    expect((await fetch(`${edge}/p/${mediaId}/master.m3u8`)).status).toBe(401);
    const other = await playbackUrls(platform, "someothermedia");
    const token = other.hls.split("/")[4];
    expect((await fetch(hls.replace(/\/p\/[^/]+\//, `/p/${token}/`))).status).toBe(403);
  });
});
