/** Test helper: an SRT listener on 127.0.0.1 that records every connection, its bytes and every refusal. */
import { hashSecret } from "#core/crypto/secret.ts";
import type { SrtConnection, SrtEndReason } from "../connection.ts";
import type { SrtListenerConfig } from "../listener-config.ts";
import { createSrtListener, type SrtListener, type SrtPublishRequest, type SrtRejection } from "../listener.ts";

export interface Received {
  connection: SrtConnection;
  /** Every byte, once the connection's Readable ends. */
  bytes: Promise<Buffer>;
  ended: Promise<SrtEndReason>;
  /** Resolves once at least `count` bytes have arrived. */
  untilBytes(count: number): Promise<void>;
  /** Resolves once the bytes received so far end with `tail`. */
  untilTail(tail: Buffer): Promise<void>;
}

function record(connection: SrtConnection): Received {
  const chunks: Buffer[] = [];
  let total = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const tailWaiters: { tail: Buffer; resolve: () => void }[] = [];
  const endsWith = (tail: Buffer) => total >= tail.length && Buffer.concat(chunks.slice(-Math.ceil(tail.length / 188) - 1)).subarray(-tail.length).equals(tail);
  connection.media.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    total += chunk.length;
    for (const waiter of waiters.filter((w) => total >= w.count)) waiter.resolve();
    for (const waiter of tailWaiters.filter((w) => endsWith(w.tail))) waiter.resolve();
  });
  const bytes = new Promise<Buffer>((resolve) => connection.media.on("end", () => resolve(Buffer.concat(chunks))));
  const untilBytes = (count: number) => (total >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })));
  const untilTail = (tail: Buffer) => (endsWith(tail) ? Promise.resolve() : new Promise<void>((resolve) => tailWaiters.push({ tail, resolve })));
  return { connection, bytes, ended: connection.ended, untilBytes, untilTail };
}

export interface Harness {
  listener: SrtListener;
  received: Received[];
  rejections: SrtRejection[];
  authorized: SrtPublishRequest[];
  /** Resolves with the next connection accepted for `streamId` (already received or still to come). */
  connectionFor(streamId: string): Promise<Received>;
  /** Resolves with the next refusal whose raw streamid is `rawStreamId`. */
  rejectionFor(rawStreamId: string): Promise<SrtRejection>;
}

export function startHarness(refuse: ReadonlySet<string> = new Set(), config: Partial<SrtListenerConfig> = {}): Harness {
  const received: Received[] = [];
  const rejections: SrtRejection[] = [];
  const authorized: SrtPublishRequest[] = [];
  const waiters: ((r: Received) => boolean)[] = [];
  const rejectionWaiters: ((r: SrtRejection) => boolean)[] = [];
  const listener = createSrtListener({
    host: "127.0.0.1",
    port: 0,
    // Generous: two cores are shared with encoders, and latency only delays delivery.
    latencyMs: 400,
    ...config,
    authorize: async (request) => {
      authorized.push(request);
      return refuse.has(request.streamId) ? { ok: false, reason: "refused by test" } : { ok: true };
    },
    onConnection: (connection) => {
      const entry = record(connection);
      received.push(entry);
      for (let i = 0; i < waiters.length; i++) if (waiters[i]?.(entry)) waiters.splice(i--, 1);
    },
    onReject: (rejection) => {
      rejections.push(rejection);
      for (let i = 0; i < rejectionWaiters.length; i++) if (rejectionWaiters[i]?.(rejection)) rejectionWaiters.splice(i--, 1);
    },
  });
  return {
    listener,
    received,
    rejections,
    authorized,
    connectionFor: (streamId) =>
      new Promise((resolve) => {
        const found = received.find((r) => r.connection.streamId === streamId);
        if (found) return resolve(found);
        waiters.push((r) => (r.connection.streamId === streamId ? (resolve(r), true) : false));
      }),
    rejectionFor: (rawStreamId) =>
      new Promise((resolve) => {
        const found = rejections.find((r) => r.rawStreamId === rawStreamId);
        if (found) return resolve(found);
        rejectionWaiters.push((r) => (r.rawStreamId === rawStreamId ? (resolve(r), true) : false));
      }),
  };
}

export { hashSecret };
