// Real-tool test: ffmpeg makes clear CMAF, our segmenter cuts it, our encryptors protect it; ffmpeg's
// mov demuxer decrypts it with -decryption_key to exactly the clear frames, and without the key the
// frames are not the clear ones (testing/frame-hashes.ts says why the file goes in on stdin).
import { beforeAll, describe, expect, it } from "vitest";
import { concat } from "#core/bytes/concat.ts";
import { readChildren } from "../boxes/children.ts";
import { parseMoof } from "../boxes/moof.ts";
import { parseSaio } from "../boxes/saio.ts";
import { parseSaiz } from "../boxes/saiz.ts";
import { parseSenc } from "../boxes/senc.ts";
import { createCommonEncryptor } from "./encryptor-factory.ts";
import type { ContentKey } from "./media-encryptor.ts";
import { clearTrack, testSourceArgs } from "./testing/clear-cmaf.ts";
import { frameHashes } from "./testing/frame-hashes.ts";
import type { ClearTrack } from "./testing/clear-cmaf.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const KEY: ContentKey = { kid: Uint8Array.from(Buffer.from("a7e61c373e219033c21091fa607bf3b8", "hex")), key: Uint8Array.from(Buffer.from("76a6c65c5ea762046bd749a2e632ccbb", "hex")) };

const tracks: Record<"video" | "audio", ClearTrack | undefined> = { video: undefined, audio: undefined };

beforeAll(async () => {
  [tracks.video, tracks.audio] = await Promise.all([clearTrack(testSourceArgs("video", 4)), clearTrack(testSourceArgs("audio", 4))]);
}, 60_000);


for (const scheme of ["cenc", "cbcs"] as const) {
  for (const kind of ["video", "audio"] as const) {
    describe(`${scheme} ${kind}`, () => {
      it("decrypts with the key to exactly the clear frames, and not without it", async () => {
        const track = tracks[kind];
        if (track === undefined) throw new Error("no clear track");
        const encryptor = createCommonEncryptor(scheme);
        const init = encryptor.init(track.init, KEY);
        const segments = track.segments.map((s) => encryptor.fragment(s.bytes, KEY, s.sequence));
        const clear = await frameHashes(concat([track.init, ...track.segments.map((s) => s.bytes)]));
        const file = concat([init, ...segments]);
        expect(clear?.length).toBeGreaterThan(kind === "video" ? 50 : 150);
        expect(await frameHashes(file, KEY.key)).toEqual(clear);
        // Without a key, or with another one, ffmpeg fails or most frames differ from the clear ones.
        for (const attempt of [await frameHashes(file), await frameHashes(file, new Uint8Array(16))]) {
          expect(attempt === undefined || attempt.filter((h, i) => h === clear?.[i]).length < (clear?.length ?? 0) / 2).toBe(true);
        }
      }, 60_000);
    });
  }
}

describe("encrypted layout", () => {
  it("keeps the mdat size and only changes sample bytes in protected ranges", () => {
    const track = tracks.video;
    if (track === undefined) throw new Error("no clear track");
    const encryptor = createCommonEncryptor("cenc");
    encryptor.init(track.init, KEY);
    const segment = track.segments[0]?.bytes ?? new Uint8Array();
    const out = encryptor.fragment(segment, KEY, 0);
    const sizes = (b: Uint8Array) => readChildren(b).map((c) => [c.type, c.type === "moof" ? 0 : c.bytes.byteLength]);
    expect(sizes(out)).toEqual(sizes(segment));
    expect(hex(out)).not.toContain(hex(segment.subarray(segment.length - 64)));
  });

  it("points trun data_offset at the mdat payload and saio at the first senc entry", () => {
    const track = tracks.video;
    if (track === undefined) throw new Error("no clear track");
    const encryptor = createCommonEncryptor("cenc");
    encryptor.init(track.init, KEY);
    const boxes = readChildren(encryptor.fragment(track.segments[1]?.bytes ?? new Uint8Array(), KEY, 1));
    for (const [i, box] of boxes.entries()) {
      if (box.type !== "moof") continue;
      const traf = parseMoof(box.payload).traf[0];
      const other = new Map((traf?.other ?? []).map((b) => [readChildren(b)[0]?.type, readChildren(b)[0]]));
      expect(traf?.trun[0]?.data_offset).toBe(box.bytes.byteLength + 8);
      expect(boxes[i + 1]?.type).toBe("mdat");
      const senc = other.get("senc");
      const saio = parseSaio(other.get("saio")?.payload ?? new Uint8Array());
      const entries = parseSenc(senc?.payload ?? new Uint8Array(), 8).samples;
      // The first entry's IV sits at the saio offset from the moof start.
      const at = saio.offset[0] ?? 0;
      expect(hex(box.bytes.subarray(at, at + 8))).toBe(hex(entries[0]?.InitializationVector ?? new Uint8Array()));
      expect(parseSaiz(other.get("saiz")?.payload ?? new Uint8Array()).sample_count).toBe(entries.length);
    }
  });
});

describe("HEVC", () => {
  it("encrypts HEVC with cenc (ffmpeg decrypts it to the clear frames) and refuses cbcs at the header", async () => {
    const args = testSourceArgs("video", 2).map((a) => (a === "libx264" ? "libx265" : a));
    args.splice(args.indexOf("-bf"), 2, "-tag:v", "hvc1", "-x265-params", "log-level=error");
    const track = await clearTrack(args);
    const encryptor = createCommonEncryptor("cenc");
    const file = concat([encryptor.init(track.init, KEY), ...track.segments.map((s) => encryptor.fragment(s.bytes, KEY, s.sequence))]);
    const clear = await frameHashes(concat([track.init, ...track.segments.map((s) => s.bytes)]));
    expect(clear?.length).toBeGreaterThan(20);
    expect(await frameHashes(file, KEY.key)).toEqual(clear);
    expect(() => createCommonEncryptor("cbcs").init(track.init, KEY)).toThrow(expect.objectContaining({ code: "media.invalid" }));
  }, 60_000);
});
