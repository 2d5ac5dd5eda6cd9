// A publisher that returns inside the reconnect window with a smaller picture and no audio: the same
// media continues. Encoded rungs are not scaled up past the new picture, and the audio rendition goes
// on with silence, so players that wait on both playlists keep playing. Checked on the stored
// recording with ffprobe, for an encoded ladder (ffmpeg) and a passthrough one (remuxed in process).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys } from "#core/storage/keys.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { publishTestPattern } from "./support/publisher.ts";
import { createLiveStream, livePointer, startLivePlatform, text, until, waitForEnded, type LivePlatform } from "./support/live.ts";

let platform: LivePlatform;
let scratch: string;

beforeAll(async () => {
  [platform, scratch] = await Promise.all([startLivePlatform(), mkdtemp(join(tmpdir(), "tributary-returning-"))]);
});

afterAll(async () => {
  await platform?.stop();
  await rm(scratch, { recursive: true, force: true });
});

interface Listed {
  /** Header URI and segment URIs of each run between discontinuities. */
  runs: { map: string; segments: string[]; seconds: number }[];
}

function listed(playlist: string): Listed {
  const runs: Listed["runs"] = [];
  let duration = 0;
  for (const line of playlist.split("\n")) {
    const map = /^#EXT-X-MAP:URI="([^"]+)"/.exec(line);
    if (map !== null) runs.push({ map: map[1] ?? "", segments: [], seconds: 0 });
    const inf = /^#EXTINF:([\d.]+)/.exec(line);
    if (inf !== null) duration = Number(inf[1]);
    const run = runs[runs.length - 1];
    if (run !== undefined && line.endsWith(".m4s")) {
      run.segments.push(line);
      run.seconds += duration;
    }
  }
  return { runs };
}

async function bytes(key: string): Promise<Uint8Array> {
  const object = await platform.store.get(key);
  if (object === undefined) throw new Error(`missing ${key}`);
  return new Uint8Array(await new Response(object.body).arrayBuffer());
}

/** Decodes the last segment of the returning session's run with its own header. */
async function decodeLast(mediaId: string, rendition: string, run: Listed["runs"][number]) {
  const dir = `media/${mediaId}/${rendition}/`;
  const last = run.segments[run.segments.length - 1] ?? "";
  const file = join(scratch, `${mediaId}-${rendition}.mp4`);
  await writeFile(file, Buffer.concat([await bytes(dir + run.map), await bytes(dir + last)]));
  return decodeStreams(file);
}

async function returnSmallerWithoutAudio(ladder: string | undefined, video: string) {
  const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 8, ...(ladder !== undefined ? { ladder } : {}) });
  const rtmp = `rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`;
  const first = publishTestPattern(rtmp, { seconds: 7, width: 640, height: 360 });
  const mediaId = (await until("the live pointer", () => livePointer(platform, stream.id))).mediaId;
  expect((await first.exited).code).toBe(0);
  await until("reconnecting", async () => ((await livePointer(platform, stream.id))?.state === "reconnecting" ? true : undefined));
  const second = publishTestPattern(rtmp, { seconds: 7, width: 320, height: 180, audio: false });
  expect((await second.exited).code).toBe(0);
  await waitForEnded(platform, stream.id);
  expect((await livePointer(platform, stream.id))?.mediaId).toBe(mediaId);

  const videoList = listed((await text(platform, keys.mediaPlaylist(mediaId, video))) ?? "");
  const audioList = listed((await text(platform, keys.mediaPlaylist(mediaId, "audio"))) ?? "");
  return { mediaId, videoList, audioList };
}

describe("a publisher that returns smaller and without audio", () => {
  it.each([
    { name: "encoded ladder", ladder: undefined, video: "360p" },
    { name: "passthrough", ladder: "passthrough", video: "source" },
  ])("keeps the $name going: no upscale, silence for the missing audio", async ({ ladder, video }) => {
    const { mediaId, videoList, audioList } = await returnSmallerWithoutAudio(ladder, video);
    // One header per session in the video rendition: the second at the returning picture size.
    expect(videoList.runs.length).toBe(2);
    const returned = videoList.runs[1];
    if (returned === undefined) throw new Error("no second session");
    const decodedVideo = (await decodeLast(mediaId, video, returned)).find((s) => s.codecType === "video");
    expect(decodedVideo).toMatchObject({ width: 320, height: 180 });
    expect(decodedVideo?.frames).toBeGreaterThan(0);

    // The audio rendition covers the second session too (silence), as long as the video does.
    const audioSeconds = audioList.runs.reduce((n, r) => n + r.seconds, 0);
    const videoSeconds = videoList.runs.reduce((n, r) => n + r.seconds, 0);
    expect(videoSeconds).toBeGreaterThan(10);
    expect(Math.abs(audioSeconds - videoSeconds)).toBeLessThan(2.5);
    const lastAudioRun = audioList.runs[audioList.runs.length - 1];
    if (lastAudioRun === undefined) throw new Error("no audio");
    const decodedAudio = (await decodeLast(mediaId, "audio", lastAudioRun)).find((s) => s.codecType === "audio");
    expect(decodedAudio?.codecName).toBe("aac");
    expect(decodedAudio?.frames).toBeGreaterThan(20);
  });
});
