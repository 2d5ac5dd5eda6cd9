import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { spsPictureSize } from "#transcoder/codecs/avc-sps.ts";
import { avcCodecFromSps } from "./elementary.ts";
import { TsDemuxer, type TsEvent, type TsFrame } from "./demuxer.ts";
import { parseTsPacket } from "./packet.ts";
import { parsePmt } from "./psi.ts";

const run = promisify(execFile);
let clip: Uint8Array;

beforeAll(async () => {
  // 3 s of 640x360 at 30 fps with a keyframe every 2 s, and AAC: what an SRT encoder sends.
  const { stdout } = await run(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", "3",
      "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-c:a", "aac", "-ac", "2", "-f", "mpegts", "pipe:1"],
    { encoding: "buffer", maxBuffer: 32 * 1024 * 1024 },
  );
  clip = new Uint8Array(stdout);
});

function demuxInChunks(bytes: Uint8Array, sizes: number[]): TsEvent[] {
  const demuxer = new TsDemuxer();
  const events: TsEvent[] = [];
  let offset = 0;
  for (let i = 0; offset < bytes.byteLength; i++) {
    const size = sizes[i % sizes.length] ?? 1000;
    events.push(...demuxer.push(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  return [...events, ...demuxer.flush()];
}

describe("TsDemuxer on ffmpeg's MPEG-TS", () => {
  it("finds the program, every video frame, the keyframes, the SPS and the ADTS config, however the bytes are split", () => {
    for (const sizes of [[clip.byteLength], [1316], [1, 187, 5000, 3]]) {
      const events = demuxInChunks(clip, sizes);
      expect(events[0]).toEqual({ type: "program", video: { codec: "h264", streamType: 0x1b }, audio: { streamType: 0x0f } });
      const frames = events.flatMap((e) => (e.type === "frame" ? [e.frame] : []));
      const video = frames.filter((f) => f.kind === "video");
      expect(video).toHaveLength(90);
      expect(video.filter((f) => f.keyframe).map((f) => Math.round(((f.dtsMs ?? 0) - (video[0]?.dtsMs ?? 0)) / 100) / 10)).toEqual([0, 2]);
      const sps = video.find((f): f is TsFrame & { sps: Uint8Array } => f.sps !== undefined)?.sps;
      expect(sps && spsPictureSize(sps)).toEqual({ width: 640, height: 360 });
      expect(sps && avcCodecFromSps(sps)).toMatch(/^avc1\.[0-9a-f]{6}$/);
      expect(frames.find((f) => f.kind === "audio")?.adts).toEqual({ codec: "mp4a.40.2", sampleRate: 48000, channels: 2 });
    }
  });

  it("skips garbage before the sync byte and keeps going", () => {
    const noisy = new Uint8Array(clip.byteLength + 5);
    noisy.set([1, 2, 3, 4, 5]);
    noisy.set(clip, 5);
    const frames = demuxInChunks(noisy, [4096]).filter((e) => e.type === "frame");
    expect(frames.length).toBeGreaterThan(90);
  });
});

describe("declared sizes are checked", () => {
  it("refuses an adaptation_field_length larger than the packet allows", () => {
    const packet = new Uint8Array(188);
    packet.set([
      0x47, // sync_byte
      0x41, 0x00, // payload_unit_start_indicator, PID 0x100
      0x30, // adaptation_field_control 3 (field + payload)
      183, // adaptation_field_length: 183 leaves no room for the payload the control says follows
    ]);
    expect(() => parseTsPacket(packet)).toThrow(/adaptation_field_length/);
  });

  it("refuses a PMT section_length beyond 1021", () => {
    const payload = new Uint8Array(184);
    payload.set([
      0x00, // pointer_field
      0x02, // table_id: program_map_section
      0xb3, 0xff, // section_syntax_indicator + section_length 0x3ff = 1023
    ]);
    expect(() => parsePmt(payload)).toThrow(/section_length/);
  });

  it("a truncated PMT is 'need more', not an error", () => {
    const payload = new Uint8Array([0x00, 0x02, 0xb0, 0x40, 0x00]);
    expect(parsePmt(payload)).toBeUndefined();
  });
});

describe("TsDemuxer on corrupt packets", () => {
  it("skips a PAT whose section_length is over the limit instead of throwing, and keeps reading", () => {
    // Found by fuzzing: psi.ts refuses section_length > 1021 with a TributaryError that escaped
    // push(), i.e. the SRT connection's data handler, dropping the packets pushed with it.
    const badPat = new Uint8Array(188).fill(0xff);
    badPat.set([0x47, 0x40, 0x00, 0x10, 0x00, 0x00, 0xbf, 0xff]); // PUSI, PID 0, payload only; pointer 0, table 0, section_length 0xfff
    const demuxer = new TsDemuxer();
    const both = new Uint8Array([...badPat, ...clip.subarray(0, 188 * 400)]);
    expect(() => demuxer.push(both)).not.toThrow();
    const events = [...demuxer.push(clip.subarray(188 * 400)), ...demuxer.flush()];
    expect(events.some((e) => e.type === "frame")).toBe(true);
  });
});
