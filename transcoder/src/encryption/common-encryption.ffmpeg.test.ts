// Real-tool test: ffmpeg makes clear CMAF, our segmenter cuts it, our encryptors protect it; ffmpeg's
// mov demuxer decrypts it with -decryption_key to exactly the clear frames, and without the key the
// frames are not the clear ones. The file goes to ffmpeg on stdin: with a seekable file, ffmpeg 5.1
// indexes every fragment up front and then applies the last fragment's senc to all of them (it fails
// the same way on the cenc files its own muxer writes), while a pipe makes it read fragment by fragment.
import { execFile } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { concat } from "#core/bytes/concat.ts";
import { readChildren } from "../boxes/children.ts";
import { createCommonEncryptor } from "./encryptor-factory.ts";
import type { ContentKey } from "./media-encryptor.ts";
import { clearTrack, testSourceArgs } from "./testing/clear-cmaf.ts";
import type { ClearTrack } from "./testing/clear-cmaf.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const KEY: ContentKey = { kid: Uint8Array.from(Buffer.from("a7e61c373e219033c21091fa607bf3b8", "hex")), key: Uint8Array.from(Buffer.from("76a6c65c5ea762046bd749a2e632ccbb", "hex")) };

const tracks: Record<"video" | "audio", ClearTrack | undefined> = { video: undefined, audio: undefined };

beforeAll(async () => {
  [tracks.video, tracks.audio] = await Promise.all([clearTrack(testSourceArgs("video", 4)), clearTrack(testSourceArgs("audio", 4))]);
}, 60_000);

/** Per-frame MD5s as ffmpeg decodes `file` (optionally with a key); undefined when ffmpeg fails. */
function frameHashes(file: Uint8Array, key?: Uint8Array): Promise<string[] | undefined> {
  const args = ["-hide_banner", "-v", "error", ...(key === undefined ? [] : ["-decryption_key", hex(key)]), "-i", "pipe:0", "-f", "framemd5", "-"];
  return new Promise((resolve) => {
    const child = execFile("ffmpeg", args, { maxBuffer: 16 << 20, timeout: 30_000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((l) => l.split(",").pop()?.trim() ?? ""));
    });
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(file);
  });
}

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
});
