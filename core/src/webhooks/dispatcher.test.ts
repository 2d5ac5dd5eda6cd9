// The dispatcher over a MemoryObjectStore, a ManualClock and ManualTimers, delivering over real HTTP
// (fetch) to a local receiver: time moves only when the test moves it, from one wake-up to the next.
// Refused targets are tested with the Node transport in core/node/webhook-dispatch-guard.test.ts.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "../clock.ts";
import { keys } from "../storage/keys.ts";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { listDeliveries, type WebhookDelivery } from "./deliveries.ts";
import { WebhookDispatcher } from "./dispatcher.ts";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "./endpoints.ts";
import { fanOutEvent } from "./fan-out.ts";
import { claimOutboxDelivery } from "./outbox-entries.ts";
import { defaultOutboxPolicy, type OutboxPolicy } from "./outbox-policy.ts";
import { defaultRetryPolicy, type RetryPolicy } from "./retry-policy.ts";
import { verifyWebhookSignature } from "./signature.ts";
import { ManualTimers } from "./timers.ts";
import type { WebhookTransport } from "./transport.ts";
import { INTERRUPTED_ATTEMPT } from "./work-delivery.ts";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  status: number;
}

/** The receiver: /flaky* fails twice, /once* once, /always-fails always; everything else answers 204. */
const received: Received[] = [];
const failures = (path: string) => (path.startsWith("/flaky") ? 2 : path.startsWith("/once") ? 1 : 0);
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const path = request.url ?? "";
    const status = path === "/always-fails" ? 500 : received.filter((r) => r.path === path).length < failures(path) ? 503 : 204;
    received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), status });
    response.writeHead(status).end();
  });
});
const receiver = { base: "", at: (path: string) => received.filter((r) => r.path === path) };

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A portable transport over fetch (no target guard: the guarded one is Node's). */
const fetchTransport: WebhookTransport = async ({ url, headers, body, timeoutMs }) => {
  const response = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  return { status: response.status };
};

const allowLocal = { allowPrivateTargets: true };

/** The memory store, noting which keys were read. */
class ReadCountingStore extends MemoryObjectStore {
  readonly reads: string[] = [];
  override get(...args: Parameters<MemoryObjectStore["get"]>): ReturnType<MemoryObjectStore["get"]> {
    this.reads.push(args[0]);
    return super.get(...args);
  }
}

function harness(options: { policy?: RetryPolicy; outbox?: OutboxPolicy } = {}) {
  const clock = new ManualClock();
  const store = new ReadCountingStore({ clock });
  const timers = new ManualTimers(clock);
  const transport = fetchTransport;
  const errors: unknown[] = [];
  const dispatcher = () =>
    new WebhookDispatcher({ store, clock, timers, transport, onError: (error) => errors.push(error), ...(options.policy ? { policy: options.policy } : {}), ...(options.outbox ? { outbox: options.outbox } : {}) });
  const endpoint = (path: string, events: ["stream.live"] | ["stream.ended"] = ["stream.live"], tenant = "acme", url = `${receiver.base}${path}`) =>
    createWebhookEndpoint({ store, clock, random: cryptoRandom }, tenant, { url, events }, allowLocal);
  const delivery = async (endpointId: string, tenant = "acme"): Promise<WebhookDelivery | undefined> => (await listDeliveries(store, tenant, endpointId)).items[0];
  const outboxSize = async () => (await store.list({ prefix: "webhook-outbox/" })).objects.length;

  /** Moves the clock from wake-up to wake-up until `done` holds. */
  async function runUntil(workers: WebhookDispatcher[], done: () => Promise<boolean>, limit = 2_000): Promise<void> {
    for (let step = 0; step < limit; step++) {
      await Promise.all(workers.map((worker) => worker.idle()));
      if (await done()) return;
      const at = timers.nextAt;
      if (at === undefined) throw new Error("nothing scheduled and not done");
      clock.advance(Math.max(0, at - clock.now()));
      timers.runDue();
    }
    throw new Error(`not done after ${limit} wake-ups`);
  }
  const finished = (endpointId: string, tenant = "acme") => async () => (await delivery(endpointId, tenant))?.state !== "pending" && (await delivery(endpointId, tenant)) !== undefined;
  return { clock, store, timers, errors, dispatcher, endpoint, delivery, outboxSize, runUntil, finished };
}

describe("webhook dispatcher", () => {
  it("writes the event to the outbox before any delivery, and delivers it once started", async () => {
    const h = harness();
    const endpoint = await h.endpoint("/first");
    const worker = h.dispatcher();
    const event = worker.enqueue("acme", "stream.live", { streamId: "s1", mediaId: "m1" });
    await worker.idle();
    expect((await h.store.list({ prefix: keys.webhookOutboxEvents() })).objects.map((o) => o.key)).toEqual([keys.webhookOutboxEvent(event.id)]);
    expect(receiver.at("/first")).toEqual([]);

    worker.start();
    await h.runUntil([worker], h.finished(endpoint.id));
    expect((await h.delivery(endpoint.id))?.attempts.map((a) => a.status)).toEqual([204]);
    expect(receiver.at("/first").map((r) => r.headers["tributary-webhook-id"])).toEqual([event.id]);
    expect(await h.outboxSize()).toBe(0);
    await worker.close();
  });

  it("retries with the policy's backoff, records and signs every attempt with the same id, and reaches subscribed endpoints only", async () => {
    const h = harness();
    const flaky = await h.endpoint("/flaky");
    await h.endpoint("/not-subscribed", ["stream.ended"]);
    await h.endpoint("/other-tenant", ["stream.live"], "other");
    const worker = h.dispatcher();
    worker.start();
    const event = worker.enqueue("acme", "stream.live", { streamId: "s1", mediaId: "m1" });
    await h.runUntil([worker], h.finished(flaky.id));

    const delivery = await h.delivery(flaky.id);
    expect(delivery).toMatchObject({ id: event.id, state: "succeeded", event: { id: event.id } });
    expect(delivery?.attempts.map((a) => a.status)).toEqual([503, 503, 204]);
    const times = delivery?.attempts.map((a) => Date.parse(a.at)) ?? [];
    expect(times.slice(1).map((t, i) => t - (times[i] ?? 0))).toEqual([defaultRetryPolicy.initialDelayMs, defaultRetryPolicy.initialDelayMs * 2]);
    const requests = receiver.at("/flaky");
    expect(requests.map((r) => [r.headers["tributary-webhook-id"], r.headers["tributary-webhook-attempt"]])).toEqual([[event.id, "1"], [event.id, "2"], [event.id, "3"]]);
    for (const request of requests) await verifyWebhookSignature(flaky.secret, request.headers["tributary-signature"] as string, request.body, h.clock.now(), 300);
    expect(JSON.parse(requests[0]?.body ?? "")).toMatchObject({ id: event.id, type: "stream.live", tenantId: "acme", data: { streamId: "s1" } });
    expect(receiver.at("/not-subscribed")).toEqual([]);
    expect(receiver.at("/other-tenant")).toEqual([]);
    expect(await h.outboxSize()).toBe(0);
    await worker.close();
  });

  it("gives up after the policy's maximum attempts and marks the delivery failed", async () => {
    const policy = { ...defaultRetryPolicy, initialDelayMs: 1_000, maxAttempts: 4 };
    const h = harness({ policy });
    const endpoint = await h.endpoint("/always-fails");
    const worker = h.dispatcher();
    worker.start();
    worker.enqueue("acme", "stream.live", { streamId: "s1" });
    await h.runUntil([worker], h.finished(endpoint.id));
    const delivery = await h.delivery(endpoint.id);
    expect(delivery?.state).toBe("failed");
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 500, 500, 500]);
    expect(delivery?.nextAttemptAt).toBeUndefined();
    expect(await h.outboxSize()).toBe(0);
    await worker.close();
  });

  it("carries on after a restart: a new worker on the same store picks up the due retry", async () => {
    const h = harness();
    const endpoint = await h.endpoint("/flaky-restart");
    const first = h.dispatcher();
    first.start();
    const event = first.enqueue("acme", "stream.live", { streamId: "s1" });
    await h.runUntil([first], async () => ((await h.delivery(endpoint.id))?.attempts.length ?? 0) === 1);
    await first.close();

    const second = h.dispatcher();
    second.start();
    await h.runUntil([second], h.finished(endpoint.id));
    expect((await h.delivery(endpoint.id))?.attempts.map((a) => a.status)).toEqual([503, 503, 204]);
    expect(new Set(receiver.at("/flaky-restart").map((r) => r.headers["tributary-webhook-id"]))).toEqual(new Set([event.id]));
    await second.close();
  });

  it("two workers on one store never make the same attempt twice", async () => {
    const h = harness();
    const endpoint = await h.endpoint("/once-shared");
    const workers = [h.dispatcher(), h.dispatcher(), h.dispatcher()];
    for (const worker of workers) worker.start();
    workers[0]?.enqueue("acme", "stream.live", { streamId: "s1" });
    await h.runUntil(workers, h.finished(endpoint.id));
    expect(receiver.at("/once-shared").map((r) => [r.status, r.headers["tributary-webhook-attempt"]])).toEqual([[503, "1"], [204, "2"]]);
    expect((await h.delivery(endpoint.id))?.attempts.map((a) => a.status)).toEqual([503, 204]);
    await Promise.all(workers.map((worker) => worker.close()));
  });

  it("retries a crashed worker's claim once its lease runs out, recording the lost attempt as interrupted", async () => {
    const h = harness();
    const endpoint = await h.endpoint("/after-crash");
    const worker = h.dispatcher();
    const event = worker.enqueue("acme", "stream.live", { streamId: "s1" });
    await worker.idle();
    await fanOutEvent(h.store, event, h.clock.now());
    const key = keys.webhookOutboxDelivery("acme", endpoint.id, event.id);
    const crashedAt = h.clock.now();
    expect(await claimOutboxDelivery(h.store, key, "crashed-worker", crashedAt, defaultOutboxPolicy.leaseMs)).toBeDefined();

    worker.start();
    await h.runUntil([worker], h.finished(endpoint.id));
    const delivery = await h.delivery(endpoint.id);
    expect(delivery?.attempts).toEqual([
      { at: new Date(crashedAt).toISOString(), error: INTERRUPTED_ATTEMPT, durationMs: 0 },
      { at: new Date(crashedAt + defaultOutboxPolicy.leaseMs).toISOString(), status: 204, durationMs: 0 },
    ]);
    expect(receiver.at("/after-crash").map((r) => r.headers["tributary-webhook-attempt"])).toEqual(["2"]);
    await worker.close();
  });

  it("does not read an entry again while it waits for its retry, only lists it", async () => {
    const h = harness();
    const endpoint = await h.endpoint("/always-fails");
    const worker = h.dispatcher();
    worker.start();
    const event = worker.enqueue("acme", "stream.live", { streamId: "s1" });
    await h.runUntil([worker], async () => ((await h.delivery(endpoint.id))?.attempts.length ?? 0) === 1);
    const key = keys.webhookOutboxDelivery("acme", endpoint.id, event.id);
    const readsBefore = h.store.reads.filter((k) => k === key).length;
    const dueAt = h.clock.now() + defaultRetryPolicy.initialDelayMs;
    let sweeps = 0;
    await h.runUntil([worker], async () => h.timers.nextAt === undefined || h.timers.nextAt >= dueAt || (sweeps++, false));
    expect(sweeps).toBeGreaterThanOrEqual(defaultRetryPolicy.initialDelayMs / defaultOutboxPolicy.pollIntervalMs - 2);
    // One read after the claim was released (its etag changed); the polls after that only listed it.
    expect(h.store.reads.filter((k) => k === key).length - readsBefore).toBe(1);
    await worker.close();
  });

  it("ends the deliveries of a removed endpoint as failed", async () => {
    const h = harness();
    const endpoint = await h.endpoint("/always-fails");
    const worker = h.dispatcher();
    worker.start();
    worker.enqueue("acme", "stream.live", { streamId: "s1" });
    await h.runUntil([worker], async () => ((await h.delivery(endpoint.id))?.attempts.length ?? 0) === 1);
    await deleteWebhookEndpoint(h.store, "acme", endpoint.id);
    await h.runUntil([worker], h.finished(endpoint.id));
    expect((await h.delivery(endpoint.id))?.state).toBe("failed");
    expect((await h.delivery(endpoint.id))?.attempts).toHaveLength(1);
    expect(await h.outboxSize()).toBe(0);
    await worker.close();
  });

  it("works through more deliveries than one sweep may read, a few at a time", async () => {
    const h = harness({ outbox: { ...defaultOutboxPolicy, maxEntriesPerSweep: 2, maxInFlight: 1 } });
    const endpoints = await Promise.all([1, 2, 3, 4, 5].map((n) => h.endpoint(`/bounded-${n}`)));
    const worker = h.dispatcher();
    worker.start();
    worker.enqueue("acme", "stream.live", { streamId: "s1" });
    await h.runUntil([worker], async () => (await Promise.all(endpoints.map((e) => h.finished(e.id)()))).every(Boolean));
    for (const endpoint of endpoints) expect((await h.delivery(endpoint.id))?.attempts.map((a) => a.status)).toEqual([204]);
    expect(h.errors).toEqual([]);
    await worker.close();
  });
});
