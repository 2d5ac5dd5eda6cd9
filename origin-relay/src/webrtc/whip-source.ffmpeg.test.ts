// The WHIP session's Matroska, judged by ffmpeg: access units as the H.264 depacketizer hands them over
// (NAL units, no framing) become a stream ffprobe decodes whole, with the picture size from the SPS.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { concat } from "#core/bytes/concat.ts";
import { tempDir } from "#transcoder/ffmpeg/testing/media.ts";
import { decodeStreams } from "#test/support/ffprobe.ts";
import type { SourceUnit } from "../demux/source-unit.ts";
import type { SessionInput } from "../live/session-input.ts";
import { annexBNalUnits } from "../mpegts/elementary.ts";
import { nalType, NalType } from "./h264/nal-units.ts";
import { WhipSource } from "./whip-source.ts";

const run = promisify(execFile);
const FRAMES = 45;

/** Baseline H.264 as a WebRTC encoder sends it: no B-frames, an access unit delimiter before each picture. */
async function accessUnits(): Promise<Uint8Array[][]> {
  const { stdout } = await run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `testsrc2=size=320x180:rate=30`, "-frames:v", String(FRAMES), "-c:v", "libx264", "-profile:v", "baseline", "-g", "15", "-x264-params", "aud=1", "-f", "h264", "pipe:1"], { encoding: "buffer", maxBuffer: 16 * 1024 * 1024 });
  const units: Uint8Array[][] = [];
  for (const nal of annexBNalUnits(new Uint8Array(stdout))) {
    if (nalType(nal) === NalType.accessUnitDelimiter) units.push([]);
    units[units.length - 1]?.push(nal);
  }
  return units;
}

describe("WhipSource", () => {
  it("opens on the first IDR and writes Matroska that ffmpeg decodes frame for frame", async () => {
    const units = await accessUnits();
    let input: SessionInput | undefined;
    const written: SourceUnit[] = [];
    const source = new WhipSource({ open: (opened, held) => ((input = opened), written.push(...held)), write: (unit) => written.push(unit) }, { hasAudio: false });
    units.forEach((unit, i) => source.video(unit, (i * 1000) / 30));
    expect(input?.codecInfo.video).toEqual({ codec: "avc1.42c00d", width: 320, height: 180, frameRate: 30 });
    expect(written.filter((unit) => unit.media?.kind === "video")).toHaveLength(FRAMES);

    const { dir, cleanup } = await tempDir();
    try {
      const path = join(dir, "whip.mkv");
      await writeFile(path, concat([input?.header(false), ...written.map((unit) => unit.bytes)]));
      const [video] = await decodeStreams(path);
      expect(video).toMatchObject({ codecType: "video", codecName: "h264", width: 320, height: 180, frames: FRAMES });
    } finally {
      await cleanup();
    }
  });

  it("sends nothing before an IDR with its parameter sets", async () => {
    const units = await accessUnits();
    const written: SourceUnit[] = [];
    const source = new WhipSource({ open: () => undefined, write: (unit) => written.push(unit) }, { hasAudio: true });
    for (const unit of units.slice(1, 10)) source.video(unit, 0);
    source.audio(Uint8Array.of(0xfc, 0xff, 0xfe), 0);
    expect(written).toEqual([]);
  });
});
