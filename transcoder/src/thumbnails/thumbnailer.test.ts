// Real-tool test: segments of a real fMP4 rendition become JPEG thumbnails and a poster in storage;
// ffprobe reads them back as pictures.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CmafSegmenter } from "../cmaf/segmenter.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedBytes, storedKeys } from "#core/testing/stored-objects.ts";
import { KeyframeDecoder } from "./keyframe-decoder.ts";
import { Thumbnailer } from "./thumbnailer.ts";

const run = promisify(execFile);
const store = new MemoryObjectStore();
const shared = new MemoryObjectStore();
const decoder = new KeyframeDecoder("ffmpeg");
// A decoder that is always busy: every picture is shed.
const busy = new KeyframeDecoder("ffmpeg", { maxQueued: 0 });
const warnings: string[] = [];
const busyLog = pino({ level: "warn" }, new Writable({ write: (chunk: Buffer, _encoding, done) => (warnings.push((JSON.parse(chunk.toString()) as { msg: string }).msg), done()) }));
let busyThumbnailer: Thumbnailer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "thumbs-"));
  const { stdout } = await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=15", "-t", "7",
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0",
    "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-video_track_timescale", "90000", "pipe:1"], { encoding: "buffer", maxBuffer: 16 * 1024 * 1024 });
  const thumbnailer = new Thumbnailer({ store, mediaId: "media1", rendition: "360p", ffmpegPath: "ffmpeg", intervalSeconds: 4 });
  // The same pictures again through the shared long-lived decoder instead of one ffmpeg per picture.
  const sharedThumbnailer = new Thumbnailer({ store: shared, mediaId: "media1", rendition: "360p", ffmpegPath: "ffmpeg", intervalSeconds: 4, decoder });
  busyThumbnailer = new Thumbnailer({ store: new MemoryObjectStore(), mediaId: "media1", rendition: "360p", ffmpegPath: "ffmpeg", intervalSeconds: 4, decoder: busy, log: busyLog });
  const segmenter = new CmafSegmenter({ targetDuration: 2 });
  for (const event of [...segmenter.push(new Uint8Array(stdout)), ...segmenter.flush()]) {
    for (const t of [thumbnailer, sharedThumbnailer, busyThumbnailer]) {
      t.handle("360p", event);
      t.handle("audio", event); // other renditions are ignored
      await t.idle();
    }
  }
});

afterAll(async () => {
  await decoder.close();
  await busy.close();
  await rm(dir, { recursive: true, force: true });
});

describe("Thumbnailer", () => {
  it("skips pictures a busy decoder sheds, saying so once per broadcast", () => {
    expect(busyThumbnailer.skipped).toBe(2);
    expect(busy.refused).toBe(2);
    expect(busyThumbnailer.written).toBe(0);
    expect(warnings).toEqual(["thumbnails skipped while the keyframe decoder is busy; further skips are not logged"]);
  });

  it("stores one JPEG per interval of media time and the first as the poster", async () => {
    expect(await storedKeys(store)).toEqual(["media/media1/poster.jpg", "media/media1/thumbnails/0.jpg", "media/media1/thumbnails/1.jpg"]);
    expect(await storedBytes(store, "media/media1/poster.jpg")).toEqual(await storedBytes(store, "media/media1/thumbnails/0.jpg"));
  });

  it("writes pictures ffprobe reads as 640x360 JPEG", async () => {
    const file = join(dir, "1.jpg");
    await writeFile(file, (await storedBytes(store, "media/media1/thumbnails/1.jpg")) ?? new Uint8Array());
    const { stdout } = await run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", file]);
    expect(stdout.trim()).toBe("mjpeg,640,360");
  });

  it("takes the same slots from the shared decoder, with one worker for every picture", async () => {
    expect(await storedKeys(shared)).toEqual(await storedKeys(store));
    expect(decoder.starts).toBe(1);
    const file = join(dir, "shared-1.jpg");
    await writeFile(file, (await storedBytes(shared, "media/media1/thumbnails/1.jpg")) ?? new Uint8Array());
    const { stdout } = await run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", file]);
    expect(stdout.trim()).toBe("mjpeg,640,360");
  });
});
