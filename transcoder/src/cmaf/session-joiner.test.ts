// Real-tool test: two ffmpeg "sessions" (the second at another picture size, then a third like the
// first) go through their own segmenters and one SessionJoiner; the joined package is continuous and
// ffprobe decodes every frame of it.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CmafSegmenter } from "./segmenter.ts";
import { SessionJoiner } from "./session-joiner.ts";
import type { CmafInit, CmafSegment, SegmenterEvent } from "./types.ts";

const run = promisify(execFile);
const FMP4 = ["-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-frag_duration", "333333", "-video_track_timescale", "90000"];

/** 4 s at 15 fps, keyframe every 2 s, as fMP4 bytes. */
async function session(size: string): Promise<Uint8Array> {
  const { stdout } = await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=${size}:rate=15`, "-t", "4",
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-fflags", "+bitexact", "-flags:v", "+bitexact", ...FMP4, "pipe:1"], { encoding: "buffer", maxBuffer: 16 * 1024 * 1024 });
  return new Uint8Array(stdout);
}

let dir: string;
let sessions: Uint8Array[];
const received: SegmenterEvent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "joiner-"));
  sessions = await Promise.all([session("320x180"), session("160x90"), session("160x90")]);
  const joiner = new SessionJoiner();
  const handle = (event: SegmenterEvent) => {
    const joined = joiner.join("video", event);
    if (joined !== undefined) received.push(joined);
  };
  for (const bytes of sessions) {
    joiner.beginSession();
    const segmenter = new CmafSegmenter({ targetDuration: 2 });
    // Split at odd sizes, as a pipe delivers.
    for (let offset = 0; offset < bytes.byteLength; offset += 7001) for (const event of segmenter.push(bytes.subarray(offset, offset + 7001))) handle(event);
    for (const event of segmenter.flush()) handle(event);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const segments = () => received.flatMap((e) => (e.type === "segment" ? [e.segment] : []));
const inits = () => received.flatMap((e) => (e.type === "init" ? [e.init] : []));

describe("SessionJoiner", () => {
  it("continues sequence numbers and marks the first segment of each later session a discontinuity", () => {
    const all = segments();
    expect(all.map((s) => s.sequence)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(all.map((s) => s.discontinuity)).toEqual([false, false, true, false, true, false]);
  });

  it("versions a changed header and reuses an identical one", () => {
    expect(inits().map((i) => [i.version, i.track.width])).toEqual([[0, 320], [1, 160]]);
    expect(segments().map((s) => s.initVersion)).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it("continues decode times across sessions, in the parts and in the bytes", () => {
    const all = segments();
    for (let i = 1; i < all.length; i++) {
      const previous = all[i - 1] as CmafSegment;
      expect((all[i] as CmafSegment).decodeTime).toBe(previous.decodeTime + previous.duration);
    }
    const parts = received.flatMap((e) => (e.type === "part" ? [e.part] : []));
    expect(parts.filter((p) => p.segmentSequence === 2).map((p) => p.decodeTime)[0]).toBe(all[2]?.decodeTime);
  });

  it("ffprobe decodes every frame of the joined sessions, init by init", async () => {
    const all = segments();
    let frames = 0;
    for (const init of inits()) {
      const body = all.filter((s) => s.initVersion === init.version).map((s) => s.bytes);
      const file = join(dir, `v${init.version}.mp4`);
      await writeFile(file, Buffer.concat([(init as CmafInit).bytes, ...body]));
      const { stdout } = await run("ffprobe", ["-v", "error", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file]);
      frames += Number(stdout.trim());
    }
    expect(frames).toBe(3 * 60);
  });
});
