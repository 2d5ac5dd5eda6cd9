import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ProgressParser } from "./progress.ts";
import type { ProgressChunk, ProgressUpdate } from "./progress.ts";

/** Real ffmpeg 5.1 stderr, captured with the flags named in each case. */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

function parseInPieces(bytes: Uint8Array, pieceSize: number): ProgressChunk {
  const parser = new ProgressParser();
  const all: ProgressChunk = { updates: [], lines: [] };
  const take = (c: ProgressChunk) => {
    all.updates.push(...c.updates);
    all.lines.push(...c.lines);
  };
  for (let i = 0; i < bytes.length; i += pieceSize) take(parser.push(bytes.subarray(i, i + pieceSize)));
  take(parser.flush());
  return all;
}

interface Case {
  name: string;
  file: string;
  updates: number;
  last: Partial<ProgressUpdate>;
  lines: string[];
}

const cases: Case[] = [
  {
    name: "-progress pipe:2 blocks (live ladder run)",
    file: "progress-blocks.txt",
    updates: 3,
    last: { frame: 121, fps: 0, bitrateKbps: 817.3, totalSize: 411911, outTimeUs: 4031833, speed: 7.07, dupFrames: 2, dropFrames: 0, end: true },
    lines: [],
  },
  {
    name: "-stats lines between decoder errors",
    file: "progress-stats.txt",
    updates: 7,
    last: { frame: 29, fps: 23, bitrateKbps: undefined, totalSize: undefined, outTimeUs: 1_200_000, speed: 0.951, end: true },
    lines: [
      "[flv @ 0x563460f95a80] [warning] Packet corrupt (stream = 0, dts = 1188).",
      "[h264 @ 0x563460fa6d00] [error] Invalid NAL unit size (7438 > 2226).",
      "[h264 @ 0x563460fa6d00] [error] missing picture in access unit with size 2230",
      "[warning] pipe:0: corrupt input packet in stream 0",
      "[h264 @ 0x563460ff6a80] [error] Invalid NAL unit size (7438 > 2226).",
      "[h264 @ 0x563460ff6a80] [error] Error splitting the input into NAL units.",
      "[error] Error while decoding stream #0:0: Invalid data found when processing input",
    ],
  },
  { name: "-stats at 50 fps", file: "progress-stats-dup.txt", updates: 2, last: { frame: 50, outTimeUs: 1_020_000, speed: 29.8, end: true }, lines: [] },
  { name: "a fatal start-up error", file: "stderr-fatal.txt", updates: 0, last: {}, lines: ["[fatal] pipe:0: could not find codec parameters"] },
];

describe("ProgressParser", () => {
  for (const pieceSize of [1, 7, 4096]) {
    it.each(cases)(`$name in ${pieceSize}-byte pieces`, ({ file, updates, last, lines }) => {
      const result = parseInPieces(fixture(file), pieceSize);
      expect(result.updates).toHaveLength(updates);
      if (updates > 0) expect(result.updates.at(-1)).toMatchObject(last);
      expect(result.lines).toEqual(lines);
    });
  }

  it("reads the first progress block fully", () => {
    const first = parseInPieces(fixture("progress-blocks.txt"), 4096).updates[0];
    expect(first).toEqual({ frame: 2, fps: 0, bitrateKbps: 52.3, totalSize: 792, outTimeUs: 121063, speed: 14.5, dupFrames: 2, dropFrames: 0, end: false });
  });

  it("keeps a UTF-8 character split across chunks", () => {
    const parser = new ProgressParser();
    const bytes = new TextEncoder().encode("[error] café\n");
    expect(parser.push(bytes.subarray(0, 11)).lines).toEqual([]);
    expect(parser.push(bytes.subarray(11)).lines).toEqual(["[error] café"]);
  });

  it("parses stats dup/drop counters and negative times", () => {
    const parser = new ProgressParser();
    const { updates } = parser.push("frame=   10 fps=5.0 q=28.0 size=     256kB time=-00:00:00.02 bitrate=1048.6kbits/s dup=3 drop=1 speed=0.5x    \r");
    expect(updates).toEqual([{ frame: 10, fps: 5, bitrateKbps: 1048.6, totalSize: 262144, outTimeUs: -20000, speed: 0.5, dupFrames: 3, dropFrames: 1, end: false }]);
  });
});
