import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret, startHarness, type Harness } from "./testing/listener-harness.ts";
import { countFrames, feedPaced, ffmpegSrtPublishArgs, makeTsClip, srtCallerUrl, startTool } from "./testing/srt-tools.ts";

// libsrt's reject codes (srt/access_control.h).
const SRT_REJX_BAD_REQUEST = 1400;
const SRT_REJX_UNAUTHORIZED = 1401;
const SRT_REJX_NOTFOUND = 1404;

let harness: Harness;
let port: number;
let dir: string;
let clip: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srt-listener-"));
  clip = await makeTsClip(join(dir, "clip.ts"), 2);
  harness = startHarness(new Set(["cam-busy"]));
  port = harness.listener.port;
});

afterAll(async () => {
  await harness.listener.close();
  await rm(dir, { recursive: true, force: true });
});

// ISO/IEC 13818-1 null packets (PID 0x1FFF): sent ahead of the clip, decoders skip them.
const nullPacket = Buffer.concat([Buffer.from([0x47, 0x1f, 0xff, 0x10]), Buffer.alloc(184, 0xff)]);
const preroll = Buffer.concat(Array.from({ length: 7 * 50 }, () => nullPacket));

/**
 * srt-live-transmit reading `clip` from stdin. It discards stdin read before its own side of the
 * handshake completes, which can be just after the listener's, so a preroll of null packets goes
 * first and may be cut; what arrives must be null packets followed by the whole clip. It stays
 * connected after EOF, so the test stops it once the clip's last payload is in.
 */
async function sendWithSrtLiveTransmit(url: string, streamId: string): Promise<Buffer> {
  const caller = startTool("srt-live-transmit", ["-q", "-chunk:1316", "file://con", url]);
  const received = await harness.connectionFor(streamId);
  await feedPaced(caller.stdin, Buffer.concat([preroll, clip]), 400_000);
  await received.untilTail(clip.subarray(-1316));
  caller.child.kill("SIGTERM");
  await caller.done;
  expect(await received.ended).toBe("disconnected");
  const bytes = await received.bytes;
  const lead = bytes.subarray(0, bytes.length - clip.length);
  expect(lead.length % 188).toBe(0);
  expect(lead.equals(preroll.subarray(0, lead.length))).toBe(true);
  return bytes.subarray(lead.length);
}

describe("SRT listener with real callers", () => {
  it("receives ffmpeg publishing to #!::r=…,m=publish with a per-stream passphrase, and ffprobe decodes it", async () => {
    harness.listener.allow("cam-ffmpeg", { passphrase: "pass-ffmpeg-01" });
    const ffmpeg = await startTool("ffmpeg", ffmpegSrtPublishArgs(srtCallerUrl(port, "#!::r=cam-ffmpeg,m=publish", "pass-ffmpeg-01"), 3)).done;
    expect(ffmpeg.stderr).toBe("");
    expect(ffmpeg.code).toBe(0);
    const received = await harness.connectionFor("cam-ffmpeg");
    expect(await received.ended).toBe("disconnected");
    expect(received.connection.parsed).toEqual({ ok: true, form: "access-control", resource: "cam-ffmpeg", key: null, user: null });
    expect(received.connection.peer.address).toBe("127.0.0.1");
    const file = join(dir, "ffmpeg.ts");
    await writeFile(file, await received.bytes);
    const frames = await countFrames(file);
    expect(frames.video).toBe(75);
    expect(frames.audio).toBeGreaterThan(100);
  });

  it("receives every byte srt-live-transmit sends with the plain <streamId>/<key> form, checked against the key hash", async () => {
    const key = "sk_slt-0123456789abcdefXYZ";
    harness.listener.allow("cam-slt", { keyHash: await hashSecret(key) });
    const bytes = await sendWithSrtLiveTransmit(srtCallerUrl(port, `cam-slt/${key}`), "cam-slt");
    expect(bytes.equals(clip)).toBe(true);
  });

  it("takes two streams at once on the one port", async () => {
    const keyA = "sk_two-a-0123456789abcdef";
    const keyB = "sk_two-b-0123456789abcdef";
    harness.listener.allow("cam-a", { keyHash: await hashSecret(keyA) });
    harness.listener.allow("cam-b", { keyHash: await hashSecret(keyB), passphrase: "pass-two-b-01" });
    const ffmpeg = startTool("ffmpeg", ffmpegSrtPublishArgs(srtCallerUrl(port, `#!::r=cam-a,m=publish,s=${keyA}`), 3));
    const slt = sendWithSrtLiveTransmit(srtCallerUrl(port, `cam-b/${keyB}`, "pass-two-b-01"), "cam-b");
    const [ffmpegResult, sltBytes] = await Promise.all([ffmpeg.done, slt]);
    expect(ffmpegResult.code).toBe(0);
    expect(sltBytes.equals(clip)).toBe(true);
    const a = await harness.connectionFor("cam-a");
    const b = await harness.connectionFor("cam-b");
    expect(a.connection.id).not.toBe(b.connection.id);
    expect(a.connection.parsed.key).toBe(keyA);
    await writeFile(join(dir, "a.ts"), await a.bytes);
    expect((await countFrames(join(dir, "a.ts"))).video).toBe(75);
  });
});

describe("SRT listener refusals", () => {
  /** Runs an ffmpeg caller that must fail; returns how it ended. */
  async function failingCaller(streamId: string, passphrase?: string) {
    const result = await startTool("ffmpeg", ffmpegSrtPublishArgs(srtCallerUrl(port, streamId, passphrase), 1)).done;
    expect(result.code).not.toBe(0);
    return result;
  }

  it("refuses an unknown stream in the handshake (SRT_REJX_NOTFOUND)", async () => {
    await failingCaller("#!::r=cam-nosuch,m=publish", "pass-nosuch-01");
    expect(await harness.rejectionFor("#!::r=cam-nosuch,m=publish")).toMatchObject({ code: SRT_REJX_NOTFOUND, reason: "unknown-stream", peer: { address: "127.0.0.1" } });
    expect(harness.authorized.some((r) => r.streamId === "cam-nosuch")).toBe(false);
  });

  it("refuses a wrong passphrase: the caller fails and nothing is delivered", async () => {
    harness.listener.allow("cam-pass", { passphrase: "right-pass-01" });
    await failingCaller("#!::r=cam-pass,m=publish", "wrong-pass-01");
    // A caller without any passphrase is refused too (libsrt enforces encryption on this stream).
    await failingCaller("#!::r=cam-pass,m=publish");
    expect(harness.authorized.some((r) => r.streamId === "cam-pass")).toBe(false);
    expect(harness.received.some((r) => r.connection.streamId === "cam-pass")).toBe(false);
  });

  it("refuses a wrong key in the plain form (SRT_REJX_UNAUTHORIZED)", async () => {
    harness.listener.allow("cam-key", { keyHash: await hashSecret("sk_right-key-0123456789") });
    await failingCaller("cam-key/sk_wrong-key-0123456789");
    expect(await harness.rejectionFor("cam-key/sk_wrong-key-0123456789")).toMatchObject({ code: SRT_REJX_UNAUTHORIZED, reason: "bad-key" });
  });

  it("refuses a malformed streamid (SRT_REJX_BAD_REQUEST)", async () => {
    await failingCaller("cam-key");
    expect(await harness.rejectionFor("cam-key")).toMatchObject({ code: SRT_REJX_BAD_REQUEST, reason: "missing_key" });
  });

  it("refuses a stream that is revoked", async () => {
    harness.listener.allow("cam-gone", { passphrase: "pass-gone-001" });
    expect(harness.listener.revoke("cam-gone")).toBe(true);
    await failingCaller("#!::r=cam-gone,m=publish", "pass-gone-001");
    expect(await harness.rejectionFor("#!::r=cam-gone,m=publish")).toMatchObject({ code: SRT_REJX_NOTFOUND });
  });

  it("closes a caller that authorize refuses after the handshake, before any byte reaches onConnection", async () => {
    harness.listener.allow("cam-busy", { passphrase: "pass-busy-001" });
    await startTool("ffmpeg", ffmpegSrtPublishArgs(srtCallerUrl(port, "#!::r=cam-busy,m=publish", "pass-busy-001"), 2)).done;
    expect(harness.authorized.some((r) => r.streamId === "cam-busy")).toBe(true);
    expect(harness.received.some((r) => r.connection.streamId === "cam-busy")).toBe(false);
  });
});
