// 200 TCP connections that never handshake are closed by the handshake timeout, and a real ffmpeg
// publishes through the same server meanwhile.
import { connect, type Socket } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "#core/clock.ts";
import { createRtmpServer, type RtmpServer } from "./server.ts";
import { ffmpegPublishArgs, runProcess } from "./testing/run-process.ts";

const KEY = "idle-k3y-0123456789";
const IDLE = 200;
let server: RtmpServer;
let port: number;
let tags = 0;

beforeAll(async () => {
  server = createRtmpServer({
    clock: systemClock,
    logger: pino({ level: "silent" }),
    timeouts: { handshakeMs: 2_000, sweepIntervalMs: 200 },
    authorize: async (request) =>
      request.streamName === KEY
        ? { ok: true, streamId: "idle-test", handlers: { onTag: () => void tags++, onMetadata: () => undefined, onEnd: () => undefined } }
        : { ok: false, reason: "unknown key" },
  });
  port = await server.listen({ port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await server.close();
});

function idleSocket(): Promise<{ socket: Socket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.on("error", () => undefined); // a reset by the server counts as closed
    const closed = new Promise<number>((done) => socket.once("close", () => done(performance.now())));
    socket.once("connect", () => resolve({ socket, closed }));
    socket.once("error", reject);
  });
}

describe("idle sockets", () => {
  it("closes connections that never handshake, while a publisher goes live", async () => {
    const opened = performance.now();
    const idle = await Promise.all(Array.from({ length: IDLE }, idleSocket));
    while (server.connectionCount < IDLE) await new Promise((resolve) => setImmediate(resolve));

    const publish = await runProcess("ffmpeg", ffmpegPublishArgs(`rtmp://127.0.0.1:${port}/live/${KEY}`, 3));
    expect(publish.code, publish.stderr).toBe(0);
    expect(tags).toBeGreaterThan(90);

    const closedAt = await Promise.all(idle.map((s) => s.closed));
    expect(closedAt.every((at) => at - opened >= 1_500)).toBe(true); // not closed before their timeout
    expect(server.connectionCount).toBe(0);
  }, 30_000);
});
