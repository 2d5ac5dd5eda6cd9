import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { generate } from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { CodecInfoTracker, type IngestCodecInfo } from "../flv/codec-info.ts";
import type { StreamMetadata } from "../flv/metadata.ts";
import { encodeFlvHeader, encodeFlvTag } from "../flv/muxer.ts";
import type { FlvTag } from "../flv/tag.ts";
import { parseAudioTag } from "../flv/audio-tag.ts";
import { parseVideoTag } from "../flv/video-tag.ts";
import { createRtmpServer, type RtmpServer } from "./server.ts";
import type { PublishEndReason, PublishRequest } from "./session/types.ts";
import { ffmpegPublishArgs, runProcess } from "./testing/run-process.ts";
import { RtmpTestClient } from "./testing/rtmp-test-client.ts";

const KEY = "k3y-0123456789abcdef";

interface Received {
  request: PublishRequest;
  tags: FlvTag[];
  metadata: StreamMetadata[];
  codecInfo: IngestCodecInfo | undefined;
  ended: Promise<{ reason: PublishEndReason; detail: string }>;
  firstTag: Promise<void>;
}

const clock = new ManualClock();
const logLines: Record<string, unknown>[] = [];
const logSink = new Writable({ write: (chunk: Buffer, _encoding, done) => (logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) });
const publishes: Received[] = [];
let server: RtmpServer;
let port: number;
let tlsPort: number;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rtmp-server-"));
  server = createRtmpServer({
    clock,
    logger: pino({ level: "info" }, logSink),
    timeouts: { takeoverIdleMs: 5_000, mediaIdleMs: 60_000, publishMs: 60_000, handshakeMs: 60_000 },
    failurePolicy: { burst: 100 },
    authorize: async (request) => {
      if (request.app !== "live" || request.streamName !== KEY) return { ok: false, reason: "unknown key" };
      let resolveEnd!: (value: { reason: PublishEndReason; detail: string }) => void;
      let resolveTag!: () => void;
      const codecs = new CodecInfoTracker();
      const received: Received = { request, tags: [], metadata: [], codecInfo: undefined, ended: new Promise((r) => (resolveEnd = r)), firstTag: new Promise((r) => (resolveTag = r)) };
      publishes.push(received);
      return {
        ok: true,
        streamId: "stream-1",
        handlers: {
          onTag: (tag) => {
            received.tags.push(tag);
            if (codecs.observe(tag)) received.codecInfo = codecs.info;
            resolveTag();
          },
          onMetadata: (metadata) => {
            received.metadata.push(metadata);
            if (codecs.observeMetadata(metadata)) received.codecInfo = codecs.info;
          },
          onEnd: (reason, detail) => resolveEnd({ reason, detail }),
        },
      };
    },
  });
  port = await server.listen({ port: 0, host: "127.0.0.1" });
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], { keySize: 2048 });
  tlsPort = await server.listenTls({ port: 0, host: "127.0.0.1", cert: pems.cert, key: pems.private });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Checks what one ffmpeg publish delivered, and that the FLV we mux from it decodes in ffprobe. */
async function expectDecodablePublish(received: Received, name: string): Promise<void> {
  const video = received.tags.filter((t) => t.type === 9).map((t) => parseVideoTag(t.payload));
  const audio = received.tags.filter((t) => t.type === 8).map((t) => parseAudioTag(t.payload));
  expect(video[0]).toMatchObject({ codec: "avc1", packetType: 0 });
  expect(video.filter((v) => v.packetType === 1).length).toBeGreaterThanOrEqual(85);
  expect(audio[0]).toMatchObject({ codec: "mp4a", aacPacketType: 0 });
  expect(audio.filter((a) => a.aacPacketType === 1).length).toBeGreaterThan(100);
  expect(received.metadata[0]).toMatchObject({ width: 640, height: 360, frameRate: 30 });
  expect(received.codecInfo?.video).toMatchObject({ codec: expect.stringMatching(/^avc1\.[0-9a-f]{6}$/), width: 640, height: 360, frameRate: 30 });
  expect(received.codecInfo?.audio).toEqual({ codec: "mp4a.40.2", sampleRate: 44100, channels: 1 });
  const file = join(dir, `${name}.flv`);
  await writeFile(file, Buffer.concat([encodeFlvHeader({ audio: true, video: true }), ...received.tags.map(encodeFlvTag)]));
  const probe = await runProcess("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "json", file]);
  expect(probe.code).toBe(0);
  const stream = (JSON.parse(probe.stdout) as { streams: Record<string, unknown>[] }).streams[0];
  expect(stream).toMatchObject({ codec_name: "h264", width: 640, height: 360 });
  expect(Number(stream?.["nb_read_frames"])).toBeGreaterThanOrEqual(85);
}

describe("rtmp server with real publishers", () => {
  it("receives an ffmpeg publish over RTMP and muxes an FLV ffprobe decodes", async () => {
    const before = publishes.length;
    const run = await runProcess("ffmpeg", ffmpegPublishArgs(`rtmp://127.0.0.1:${port}/live/${KEY}?source=ffmpeg`));
    expect(run.code, run.stderr).toBe(0);
    const received = publishes[before] as Received;
    expect(received.request).toMatchObject({ app: "live", streamName: KEY, query: { source: "ffmpeg" }, secure: false, remoteAddress: "127.0.0.1" });
    expect((await received.ended).reason).toMatch(/unpublished|disconnected/);
    await expectDecodablePublish(received, "rtmp");
  });

  it("receives an ffmpeg publish over RTMPS with a self-signed certificate", async () => {
    const before = publishes.length;
    const run = await runProcess("ffmpeg", ffmpegPublishArgs(`rtmps://127.0.0.1:${tlsPort}/live/${KEY}`));
    expect(run.code, run.stderr).toBe(0);
    const received = publishes[before] as Received;
    expect(received.request.secure).toBe(true);
    await received.ended;
    await expectDecodablePublish(received, "rtmps");
  });

  it("refuses a wrong key with NetStream.Publish.BadName and ffmpeg exits non-zero", async () => {
    const run = await runProcess("ffmpeg", ffmpegPublishArgs(`rtmp://127.0.0.1:${port}/live/wrong-key`, 1));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("Stream key not accepted.");
    expect(logLines.some((l) => l["status"] === "NetStream.Publish.BadName")).toBe(true);
    expect(logLines.some((l) => l["code"] === "ingest.bad_stream_key")).toBe(true);
    expect(JSON.stringify(logLines)).not.toContain("wrong-key");
  });

  it("receives a GStreamer rtmp2sink publish", async () => {
    const before = publishes.length;
    const run = await runProcess("gst-launch-1.0", [
      "-q", "videotestsrc", "num-buffers=90", "!", "video/x-raw,width=320,height=240,framerate=30/1", "!", "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "!",
      "flvmux", "name=m", "streamable=true", "!", "rtmp2sink", `location=rtmp://127.0.0.1:${port}/live/${KEY}`,
      "audiotestsrc", "num-buffers=130", "!", "voaacenc", "!", "m.",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const received = publishes[before] as Received;
    await received.ended;
    const video = received.tags.filter((t) => t.type === 9).map((t) => parseVideoTag(t.payload));
    expect(video[0]).toMatchObject({ codec: "avc1", packetType: 0 });
    expect(video.filter((v) => v.packetType === 1).length).toBe(90);
    expect(received.codecInfo?.video).toMatchObject({ width: 320, height: 240 });
  });

  it("refuses a second publisher while the first is live", async () => {
    const first = await RtmpTestClient.open(port);
    expect(await first.publish("live", KEY)).toBe("NetStream.Publish.Start");
    const live = publishes.at(-1) as Received;
    const second = await RtmpTestClient.open(port);
    expect(await second.publish("live", KEY)).toBe("NetStream.Publish.BadName");
    await second.closed;
    expect(await (publishes.at(-1) as Received).ended).toMatchObject({ reason: "refused" });
    first.close();
    expect(await live.ended).toMatchObject({ reason: "disconnected" });
  });

  it("lets a new ffmpeg publisher take over from one that went silent", async () => {
    const stalled = await RtmpTestClient.open(port);
    expect(await stalled.publish("live", KEY)).toBe("NetStream.Publish.Start");
    const first = publishes.at(-1) as Received;
    stalled.send({ chunkStreamId: 6, timestamp: 0, typeId: 9, messageStreamId: stalled.streamId, payload: Uint8Array.of(0x17, 0x02, 0, 0, 0) });
    await first.firstTag;
    // The encoder's network died: no more bytes. The server notices only after the idle interval.
    clock.advance(5_000);
    const before = publishes.length;
    const run = await runProcess("ffmpeg", ffmpegPublishArgs(`rtmp://127.0.0.1:${port}/live/${KEY}`, 1));
    expect(run.code, run.stderr).toBe(0);
    expect(await first.ended).toMatchObject({ reason: "taken-over" });
    await stalled.closed;
    const second = publishes[before] as Received;
    await second.ended;
    expect(second.tags.some((t) => t.type === 9)).toBe(true);
  });
});

describe("rtmp server shutdown", () => {
  it("close() ends every publish with server-closed and closes the sockets", async () => {
    let ended: (reason: PublishEndReason) => void;
    const endedReason = new Promise<PublishEndReason>((resolve) => (ended = resolve));
    const own = createRtmpServer({
      logger: pino({ level: "silent" }),
      authorize: async () => ({ ok: true, streamId: "s", handlers: { onTag: () => undefined, onEnd: (reason) => ended(reason) } }),
    });
    const ownPort = await own.listen({ port: 0, host: "127.0.0.1" });
    const client = await RtmpTestClient.open(ownPort);
    expect(await client.publish("live", "any")).toBe("NetStream.Publish.Start");
    expect(own.connectionCount).toBe(1);
    await own.close();
    expect(await endedReason).toBe("server-closed");
    await client.closed;
    expect(own.connectionCount).toBe(0);
  });

  it("rejects invalid options, reporting every problem", () => {
    expect(() => createRtmpServer({ authorize: async () => ({ ok: false, reason: "x" }), limits: { maxChunkSize: 0 }, timeouts: { mediaIdleMs: -1 } })).toThrow(/limits.maxChunkSize.*timeouts.mediaIdleMs/);
  });
});
