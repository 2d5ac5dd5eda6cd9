// Webhook delivery survives a crash: a child process runs the dispatcher over an FsObjectStore
// directory and delivers to a local receiver that fails the first attempts; the child is SIGKILLed
// mid-retry, a new child starts on the same directory, and the event must be delivered exactly once
// successfully, under one webhook id, with every attempt in the delivery record.
import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { cryptoRandom, systemClock } from "#core/clock.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { startWebhookReceiver, type Responder, type WebhookReceiver } from "#core-node/testing/webhook-receiver.ts";
import { keys } from "#core/storage/keys.ts";
import { listDeliveries, type WebhookDelivery } from "#core/webhooks/deliveries.ts";
import { createWebhookEndpoint } from "#core/webhooks/endpoints.ts";
import { defaultRetryPolicy } from "#core/webhooks/retry-policy.ts";
import { INTERRUPTED_ATTEMPT } from "#core/webhooks/work-delivery.ts";
import type { WorkerCommand } from "./support/webhook-worker.ts";

const WORKER = fileURLToPath(new URL("./support/webhook-worker.ts", import.meta.url));
const policy = {
  retry: { ...defaultRetryPolicy, initialDelayMs: 500, multiplier: 2, maxDelayMs: 5_000, maxAttempts: 8, timeoutMs: 1_000 },
  outbox: { pollIntervalMs: 100, leaseMs: 1_500, maxEntriesPerSweep: 100, maxInFlight: 8 },
};

interface Worker {
  child: ChildProcess;
  next(key: "ready" | "enqueued" | "closed"): Promise<unknown>;
  send(command: WorkerCommand): void;
  kill(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startWorker(root: string): Promise<Worker> {
  const child = fork(WORKER, [root, JSON.stringify(policy)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const messages: Record<string, unknown>[] = [];
  const waiting: { key: string; resolve: (value: unknown) => void }[] = [];
  child.on("message", (message: Record<string, unknown>) => {
    messages.push(message);
    for (const waiter of waiting.splice(0)) {
      if (waiter.key in message) waiter.resolve(message[waiter.key]);
      else waiting.push(waiter);
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const worker: Worker = {
    child,
    next: (key) => {
      const seen = messages.find((message) => key in message);
      return seen === undefined ? new Promise((resolve) => waiting.push({ key, resolve })) : Promise.resolve(seen[key]);
    },
    send: (command) => child.send(command),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  cleanups.push(worker.kill);
  await worker.next("ready");
  return worker;
}

/** Polls the store (another process writes it; storage has no change feed) until `probe` holds. */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function setup(respond: Responder) {
  const root = await mkdtemp(join(tmpdir(), "tributary-webhook-restart-"));
  const receiver: WebhookReceiver = await startWebhookReceiver(respond);
  cleanups.push(() => rm(root, { recursive: true, force: true }), () => receiver.close());
  const store = new FsObjectStore({ root });
  const endpoint = await createWebhookEndpoint({ store, clock: systemClock, random: cryptoRandom }, "acme", { url: `${receiver.base}/hook`, events: ["stream.live"] }, { allowPrivateTargets: true });
  const delivery = async (): Promise<WebhookDelivery | undefined> => (await listDeliveries(store, "acme", endpoint.id)).items[0];
  const outbox = async () => (await store.list({ prefix: "webhook-outbox/" })).objects.map((o) => o.key);
  return { root, receiver, store, endpoint, delivery, outbox };
}

describe("webhook delivery across a crash", () => {
  it("is delivered exactly once successfully after a SIGKILL between retries, under one id, with every attempt recorded", async () => {
    // Attempts 1-3 fail, the 4th succeeds; the kill lands after attempt 2, while its retry waits.
    const { root, receiver, endpoint, delivery, outbox } = await setup((_path, index) => (index < 3 ? 503 : 204));
    const first = await startWorker(root);
    first.send({ enqueue: { tenantId: "acme", type: "stream.live", data: { streamId: "s1" } } });
    const eventId = (await first.next("enqueued")) as string;
    await receiver.arrived(2);
    await until("attempt 2 recorded", async () => (await delivery())?.attempts.length === 2);
    await first.kill();
    const killedAt = Date.now();

    expect(receiver.received).toHaveLength(2);
    expect(await delivery()).toMatchObject({ state: "pending", attempts: [{ status: 503 }, { status: 503 }] });
    expect(await outbox()).toEqual([keys.webhookOutboxDelivery("acme", endpoint.id, eventId)]);

    const second = await startWorker(root);
    await until("the delivery to succeed", async () => (await delivery())?.state === "succeeded");
    second.send({ close: true });
    await second.next("closed");

    const record = await delivery();
    expect(record?.attempts.map((a) => a.status)).toEqual([503, 503, 503, 204]);
    expect(receiver.received.map((r) => [r.headers["tributary-webhook-id"], r.headers["tributary-webhook-attempt"], r.status])).toEqual([
      [eventId, "1", 503],
      [eventId, "2", 503],
      [eventId, "3", 503],
      [eventId, "4", 204],
    ]);
    expect(new Set(receiver.received.map((r) => JSON.parse(r.body) as { id: string }).map((body) => body.id))).toEqual(new Set([eventId]));
    expect(await outbox()).toEqual([]);
    // The retry after the restart kept the backoff: attempt 3 came no sooner than 1 s (the third delay) after attempt 2.
    const at = record?.attempts.map((a) => Date.parse(a.at)) ?? [];
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(policy.retry.initialDelayMs * 2);
    expect((at[2] ?? 0) - killedAt).toBeLessThan(5_000);
  });

  it("retries an attempt cut off by a SIGKILL once the dead worker's lease runs out, and records it as interrupted", async () => {
    // Attempt 1 fails, attempt 2 is held open until the kill, attempt 3 succeeds.
    const { root, receiver, delivery, outbox } = await setup((_path, index) => (index === 0 ? 503 : index === 1 ? "hold" : 204));
    const first = await startWorker(root);
    first.send({ enqueue: { tenantId: "acme", type: "stream.live", data: { streamId: "s1" } } });
    const eventId = (await first.next("enqueued")) as string;
    await receiver.arrived(2);
    await first.kill();

    const second = await startWorker(root);
    await until("the delivery to succeed", async () => (await delivery())?.state === "succeeded");
    second.send({ close: true });
    await second.next("closed");

    const record = await delivery();
    expect(record?.attempts.map((a) => a.status ?? a.error)).toEqual([503, INTERRUPTED_ATTEMPT, 204]);
    expect(receiver.received.map((r) => [r.headers["tributary-webhook-id"], r.headers["tributary-webhook-attempt"]])).toEqual([
      [eventId, "1"],
      [eventId, "2"],
      [eventId, "3"],
    ]);
    expect(receiver.received.filter((r) => r.status === 204)).toHaveLength(1);
    expect(await outbox()).toEqual([]);
  });
});
