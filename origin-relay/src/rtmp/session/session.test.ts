import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "#core/clock.ts";
import { ChunkDecoder } from "../chunk/chunk-decoder.ts";
import { ChunkEncoder } from "../chunk/chunk-encoder.ts";
import { ClientHandshake } from "../handshake/client-handshake.ts";
import { defaultRtmpLimits } from "../limits.ts";
import { decodeAcknowledgement } from "../message/acknowledgement.ts";
import { decodeCommand, encodeCommand } from "../message/command.ts";
import { MessageType, type RtmpMessage } from "../message/type-ids.ts";
import { encodeWindowAcknowledgementSize } from "../message/window-acknowledgement-size.ts";
import type { Amf0Value } from "../amf0/value.ts";
import { IngestConnection } from "./connection.ts";
import { FailureLimiter } from "./failure-limiter.ts";
import { PublishRegistry } from "./publish-registry.ts";
import { parsePublishingName } from "./stream-name.ts";
import { defaultRtmpTimeouts, type Authorize, type IngestFlow, type PublishEndReason } from "./types.ts";

/** Drives one IngestConnection through its transport port, decoding what it sends back. */
function harness(authorize: Authorize, clock = new ManualClock(), shared?: { registry: PublishRegistry; limiter: FailureLimiter }) {
  const sent: RtmpMessage[] = [];
  const decoder = new ChunkDecoder();
  const encoder = new ChunkEncoder();
  let closed = false;
  let paused = false;
  let handshakeDone = false;
  const client = new ClientHandshake(cryptoRandom, { digest: true });
  const registry = shared?.registry ?? new PublishRegistry(clock, defaultRtmpTimeouts.takeoverIdleMs);
  const limiter = shared?.limiter ?? new FailureLimiter(clock, { burst: 2, refillIntervalMs: 10_000, maxAddresses: 10 });
  const connection = new IngestConnection(
    {
      write: (bytes) => {
        let rest = bytes;
        if (!handshakeDone) {
          const step = client.push(bytes);
          if (!step.done) return;
          handshakeDone = true;
          connection.receive(step.reply as Uint8Array);
          rest = step.rest;
        }
        sent.push(...decoder.push(rest));
      },
      close: () => (closed = true),
      pause: () => (paused = true),
      resume: () => (paused = false),
    },
    { remoteAddress: "192.0.2.1", secure: false, clock, random: cryptoRandom, logger: pino({ level: "silent" }), limits: defaultRtmpLimits, timeouts: defaultRtmpTimeouts, authorize, registry, limiter, onClosed: () => undefined },
  );
  const send = (message: Omit<RtmpMessage, "chunkStreamId">) => connection.receive(encoder.encode({ chunkStreamId: 3, ...message }));
  const command = (messageStreamId: number, name: string, transactionId: number, ...args: Amf0Value[]) =>
    send({ timestamp: 0, typeId: MessageType.commandAmf0, messageStreamId, payload: encodeCommand({ name, transactionId, commandObject: args[0] ?? null, args: args.slice(1) }) });
  const commands = () => sent.filter((m) => m.typeId === MessageType.commandAmf0).map((m) => decodeCommand(m.payload));
  const statusCodes = () => commands().filter((c) => c.name === "onStatus").map((c) => (c.args[0] as Record<string, Amf0Value>)["code"]);
  return { connection, sent, send, command, commands, statusCodes, clock, registry, limiter, isClosed: () => closed, isPaused: () => paused, start: () => connection.receive(client.start()) };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function accepting(ends: PublishEndReason[] = []): Authorize {
  return async (request) => (request.streamName === "good" ? { ok: true, streamId: "s1", handlers: { onTag: () => undefined, onEnd: (reason) => ends.push(reason) } } : { ok: false, reason: "bad key" });
}

async function publish(h: ReturnType<typeof harness>, name: string): Promise<void> {
  h.start();
  h.command(0, "connect", 1, { app: "live", tcUrl: "rtmp://x/live" });
  h.command(0, "createStream", 2, null);
  h.command(1, "publish", 3, null, name, "live");
  await settle();
}

describe("ingest connection", () => {
  it("replies to connect, createStream and publish in order", async () => {
    const h = harness(accepting());
    await publish(h, "good?x=1");
    expect(h.commands().map((c) => c.name)).toEqual(["_result", "_result", "onStatus"]);
    expect(h.commands()[1]?.args).toEqual([1]);
    expect(h.statusCodes()).toEqual(["NetStream.Publish.Start"]);
    expect(h.connection.state).toBe("publishing");
  });

  it("answers a bad key with BadName, closes, and rate-limits the address", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const h = harness(accepting());
      await publish(h, "bad");
      expect(h.statusCodes()).toEqual(["NetStream.Publish.BadName"]);
      expect(h.isClosed()).toBe(true);
    }
  });

  it("refuses play politely", async () => {
    const h = harness(accepting());
    h.start();
    h.command(0, "connect", 1, { app: "live" });
    h.command(0, "createStream", 2, null);
    h.command(1, "play", 0, null, "good");
    expect(h.statusCodes()).toEqual(["NetStream.Play.Failed"]);
    expect(h.isClosed()).toBe(false);
  });

  it("ends the publish on FCUnpublish/deleteStream with Unpublish.Success", async () => {
    const ends: PublishEndReason[] = [];
    const h = harness(accepting(ends));
    await publish(h, "good");
    h.command(1, "FCUnpublish", 4, null, "good");
    h.command(0, "deleteStream", 5, null, 1);
    expect(ends).toEqual(["unpublished"]);
    expect(h.statusCodes()).toEqual(["NetStream.Publish.Start", "NetStream.Unpublish.Success"]);
  });

  it("acknowledges after the peer's window of bytes", async () => {
    const h = harness(accepting());
    await publish(h, "good");
    h.send({ timestamp: 0, typeId: MessageType.windowAcknowledgementSize, messageStreamId: 0, payload: encodeWindowAcknowledgementSize({ acknowledgementWindowSize: 5000 }) });
    h.send({ timestamp: 0, typeId: MessageType.video, messageStreamId: 1, payload: new Uint8Array(6000).fill(0x27).fill(1, 1, 2) }); // inter frame, AVC NALU
    const acks = h.sent.filter((m) => m.typeId === MessageType.acknowledgement).map((m) => decodeAcknowledgement(m.payload).sequenceNumber);
    expect(acks).toHaveLength(1);
    expect(acks[0]).toBeGreaterThan(6000);
  });

  it.each([
    { name: "handshake", steps: (_h: ReturnType<typeof harness>) => Promise.resolve(), advance: defaultRtmpTimeouts.handshakeMs },
    { name: "no publish", steps: async (h: ReturnType<typeof harness>) => h.start(), advance: defaultRtmpTimeouts.publishMs },
    { name: "media idle", steps: (h: ReturnType<typeof harness>) => publish(h, "good"), advance: defaultRtmpTimeouts.mediaIdleMs },
  ])("times out in the $name state", async ({ steps, advance }) => {
    const ends: PublishEndReason[] = [];
    const h = harness(accepting(ends));
    await steps(h);
    h.clock.advance(advance - 1);
    h.connection.checkTimeouts();
    expect(h.isClosed()).toBe(false);
    h.clock.advance(1);
    h.connection.checkTimeouts();
    expect(h.isClosed()).toBe(true);
  });

  it("hands authorize a flow control that pauses the socket, and is not idle while paused", async () => {
    let flow: IngestFlow | undefined;
    const h = harness(async (request) => {
      flow = request.flow;
      return { ok: true, streamId: "s1", handlers: { onTag: () => undefined, onEnd: () => undefined } };
    });
    await publish(h, "good");
    flow?.pause();
    expect(h.isPaused()).toBe(true);
    h.clock.advance(defaultRtmpTimeouts.mediaIdleMs * 3);
    h.connection.checkTimeouts();
    expect(h.isClosed()).toBe(false);
    flow?.resume();
    expect(h.isPaused()).toBe(false);
    // Idle time counts again from the resume.
    h.clock.advance(defaultRtmpTimeouts.mediaIdleMs - 1);
    h.connection.checkTimeouts();
    expect(h.isClosed()).toBe(false);
    h.clock.advance(1);
    h.connection.checkTimeouts();
    expect(h.isClosed()).toBe(true);
  });

  it("closes a connection that sends garbage without touching another", async () => {
    const clock = new ManualClock();
    const good = harness(accepting(), clock);
    await publish(good, "good");
    const bad = harness(accepting(), clock, { registry: good.registry, limiter: good.limiter });
    bad.start();
    bad.connection.receive(Uint8Array.of(0x03, 0, 0, 0, 0xff, 0xff, 0xff, 0x09, 1, 0, 0, 0));
    expect(bad.isClosed()).toBe(true);
    expect(good.isClosed()).toBe(false);
    expect(good.connection.state).toBe("publishing");
  });
});

describe("publish registry", () => {
  it("refuses a live holder and lets a silent one be taken over", () => {
    const clock = new ManualClock();
    const registry = new PublishRegistry(clock, 5000);
    const evicted: string[] = [];
    const first = { lastActivityAt: clock.now(), evict: () => evicted.push("first") };
    expect(registry.claim("s", first)).toBe("claimed");
    clock.advance(4999);
    expect(registry.claim("s", { lastActivityAt: clock.now(), evict: () => undefined })).toBe("busy");
    clock.advance(1);
    expect(registry.claim("s", { lastActivityAt: clock.now(), evict: () => undefined })).toBe("taken-over");
    expect(evicted).toEqual(["first"]);
    registry.release("s", first);
    expect(registry.has("s")).toBe(true);
  });
});

describe("failure limiter", () => {
  it("allows a burst, then refills one token per interval", () => {
    const clock = new ManualClock();
    const limiter = new FailureLimiter(clock, { burst: 2, refillIntervalMs: 1000, maxAddresses: 2 });
    limiter.penalize("a");
    limiter.penalize("a");
    expect(limiter.allows("a")).toBe(false);
    expect(limiter.allows("b")).toBe(true);
    clock.advance(1000);
    expect(limiter.allows("a")).toBe(true);
    limiter.penalize("b");
    limiter.penalize("c");
    expect(limiter.size).toBe(2);
  });
});

describe("publishing name", () => {
  it.each([
    { name: "key", decoded: { streamName: "key", query: {} } },
    { name: "key?foo=bar&x=%20y", decoded: { streamName: "key", query: { foo: "bar", x: " y" } } },
    { name: "key?__proto__=1", decoded: { streamName: "key", query: { ["__proto__"]: "1" } } },
  ])("parses $name", ({ name, decoded }) => {
    expect(parsePublishingName(name)).toEqual(decoded);
  });
});
