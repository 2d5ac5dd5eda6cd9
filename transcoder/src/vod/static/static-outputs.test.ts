import { open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "#core/clock.ts";
import { bodyBytes } from "#core/storage/object-body.ts";
import { keys } from "#core/storage/keys.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { locateFfmpeg, type FfmpegTools } from "../../ffmpeg/locate.ts";
import { probe } from "../../ffmpeg/probe.ts";
import { makeClip, tempDir } from "../../ffmpeg/testing/media.ts";
import { runLocalVodJob } from "../local-job.ts";
import { writeStaticOutputs, type StaticOutputs } from "./static-outputs.ts";

let dir: string;
let cleanup: () => Promise<void>;
let store: FsObjectStore;
let tools: FfmpegTools;
let outputs: StaticOutputs;

const ladder = { rungs: [{ name: "360p", width: 640, height: 360, bitrate: 600_000, preset: "ultrafast" }, { name: "240p", width: 426, height: 240, bitrate: 300_000, preset: "ultrafast" }] };

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("vod-static-"));
  const input = await makeClip(join(dir, "in.flv"), { seconds: 20, width: 640, height: 360, fps: 30, gop: 30 });
  store = new FsObjectStore({ root: join(dir, "store"), durable: false });
  tools = await locateFfmpeg();
  const result = await runLocalVodJob({ store, mediaId: "vod1", input, tools, clock: systemClock, ladder });
  outputs = await writeStaticOutputs({ store, ffmpeg: tools.ffmpeg, tools, mediaId: "vod1", scratchDir: dir }, result.ladder);
}, 120_000);
afterAll(async () => {
  await cleanup();
});

/** Stores `key`'s object as a local file for ffprobe, and returns its path and bytes. */
async function local(key: string, name: string): Promise<{ path: string; bytes: Uint8Array }> {
  const object = await store.get(key);
  if (object === undefined) throw new Error(`${key} missing`);
  const bytes = await bodyBytes(object.body);
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

/** Top-level box types in file order. */
async function topLevelBoxes(path: string): Promise<string[]> {
  const file = await open(path);
  const types: string[] = [];
  try {
    const { size } = await file.stat();
    for (let offset = 0; offset < size; ) {
      const header = Buffer.alloc(16);
      await file.read(header, 0, 16, offset);
      let length = header.readUInt32BE(0);
      if (length === 1) length = Number(header.readBigUInt64BE(8));
      if (length < 8) break;
      types.push(header.toString("latin1", 4, 8));
      offset += length;
    }
  } finally {
    await file.close();
  }
  return types;
}

describe("static outputs of a VOD job", () => {
  it("records both downloads with their sizes", async () => {
    expect(outputs.downloads.map((d) => [d.name, d.contentType])).toEqual([["highest.mp4", "video/mp4"], ["audio.m4a", "audio/mp4"]]);
    for (const download of outputs.downloads) expect((await store.head(keys.download("vod1", download.name)))?.size).toBe(download.bytes);
  });

  it("highest.mp4 is a progressive MP4 of the top rendition and the audio, moov before mdat", async () => {
    const { path } = await local(keys.download("vod1", "highest.mp4"), "highest.mp4");
    const info = await probe(tools.ffprobe, path);
    expect(info.streams.map((s) => [s.codecType, s.codecName, s.width])).toEqual([["video", "h264", 640], ["audio", "aac", undefined]]);
    expect(info.duration).toBeGreaterThan(19.5);
    expect(info.duration).toBeLessThan(20.5);
    const boxes = await topLevelBoxes(path);
    expect(boxes).not.toContain("moof");
    expect(boxes.indexOf("moov")).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat"));
  });

  it("audio.m4a holds the audio alone, moov before mdat", async () => {
    const { path } = await local(keys.download("vod1", "audio.m4a"), "audio.m4a");
    const info = await probe(tools.ffprobe, path);
    expect(info.streams.map((s) => [s.codecType, s.codecName])).toEqual([["audio", "aac"]]);
    expect(info.duration).toBeGreaterThan(19.5);
    const boxes = await topLevelBoxes(path);
    expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat"));
  });

  it("the storyboard's cues tile the sprite and cover the duration", async () => {
    const { path } = await local(keys.storyboardSprite("vod1"), "storyboard.jpg");
    const sprite = (await probe(tools.ffprobe, path)).streams[0];
    const board = outputs.storyboard;
    expect(board?.tileWidth).toBe(160);
    expect(sprite?.width).toBe(160 * (board?.columns ?? 0));
    const vtt = new TextDecoder().decode((await local(keys.storyboardIndex("vod1"), "storyboard.vtt")).bytes);
    expect(vtt.startsWith("WEBVTT\n")).toBe(true);
    const cues = [...vtt.matchAll(/^(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})\nstoryboard\.jpg#xywh=(\d+),(\d+),(\d+),(\d+)$/gm)];
    expect(cues.length).toBe(board?.tiles);
    expect(cues.length).toBe(10);
    let previousEnd = 0;
    for (const cue of cues) {
      const [start, end] = [Number(cue[1]) * 3600 + Number(cue[2]) * 60 + Number(cue[3]), Number(cue[4]) * 3600 + Number(cue[5]) * 60 + Number(cue[6])];
      expect(start).toBeCloseTo(previousEnd, 3);
      expect(end).toBeGreaterThan(start);
      previousEnd = end;
      const [x, y, w, h] = cue.slice(7, 11).map(Number) as [number, number, number, number];
      expect(x + w).toBeLessThanOrEqual(sprite?.width ?? 0);
      expect(y + h).toBeLessThanOrEqual(sprite?.height ?? 0);
      expect([w, h]).toEqual([160, 90]);
    }
    expect(previousEnd).toBeGreaterThan(19.5);
  });
});
