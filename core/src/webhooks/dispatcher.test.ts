import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "../clock.ts";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { listDeliveries } from "./deliveries.ts";
import { WebhookDispatcher } from "./dispatcher.ts";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "./endpoints.ts";
import { defaultRetryPolicy } from "./retry-policy.ts";
import { verifyWebhookSignature } from "./signature.ts";
import { ManualTimers } from "./timers.ts";

interface Received {
  path: string;
  signature: string | undefined;
  body: string;
}

const received: Received[] = [];
let failuresLeft = 2;
let server: Server;
let base: string;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      received.push({ path: request.url ?? "", signature: request.headers["tributary-signature"] as string | undefined, body });
      if (request.url === "/always-fails") return response.writeHead(500).end();
      if (failuresLeft > 0) {
        failuresLeft--;
        return response.writeHead(503).end();
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("webhook dispatcher", () => {
  it("retries a failing endpoint with backoff, records every attempt, and signs each one", async () => {
    const clock = new ManualClock();
    const store = new MemoryObjectStore({ clock });
    const timers = new ManualTimers(clock);
    const ctx = { store, clock, random: cryptoRandom };
    const flaky = await createWebhookEndpoint(ctx, "acme", { url: `${base}/flaky`, events: ["stream.live"] });
    const broken = await createWebhookEndpoint(ctx, "acme", { url: `${base}/always-fails`, events: ["stream.live"] });
    await createWebhookEndpoint(ctx, "acme", { url: `${base}/not-subscribed`, events: ["stream.ended"] });
    await createWebhookEndpoint(ctx, "other", { url: `${base}/other-tenant`, events: ["stream.live"] });
    const dispatcher = new WebhookDispatcher({ store, clock, timers });

    const event = dispatcher.enqueue("acme", "stream.live", { streamId: "s1", mediaId: "m1" });
    await dispatcher.idle();
    for (const delay of [defaultRetryPolicy.initialDelayMs, defaultRetryPolicy.initialDelayMs * 2]) {
      clock.advance(delay);
      timers.runDue();
      await dispatcher.idle();
    }

    const [delivery] = (await listDeliveries(store, "acme", flaky.id)).items;
    expect(delivery?.state).toBe("succeeded");
    expect(delivery?.attempts.map((a) => a.status)).toEqual([503, 503, 204]);
    expect(delivery?.event.id).toBe(event.id);
    const flakyRequests = received.filter((r) => r.path === "/flaky");
    expect(flakyRequests).toHaveLength(3);
    for (const request of flakyRequests) await verifyWebhookSignature(flaky.secret, request.signature, request.body, clock.now(), 300);
    expect(JSON.parse(flakyRequests[0]?.body ?? "")).toMatchObject({ type: "stream.live", tenantId: "acme", data: { streamId: "s1" } });

    const [failing] = (await listDeliveries(store, "acme", broken.id)).items;
    expect(failing?.state).toBe("pending");
    expect(failing?.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
    expect(received.some((r) => r.path === "/not-subscribed" || r.path === "/other-tenant")).toBe(false);
    await dispatcher.close();
  });

  it("gives up after the policy's maximum age and records why attempts failed", async () => {
    const clock = new ManualClock();
    const store = new MemoryObjectStore({ clock });
    const timers = new ManualTimers(clock);
    const endpoint = await createWebhookEndpoint({ store, clock, random: cryptoRandom }, "acme", { url: "http://127.0.0.1:1/closed", events: ["stream.ended"] });
    const policy = { ...defaultRetryPolicy, initialDelayMs: 1_000, maxAgeMs: 5_000 };
    const dispatcher = new WebhookDispatcher({ store, clock, timers, policy });
    dispatcher.enqueue("acme", "stream.ended", { streamId: "s1" });
    await dispatcher.idle();
    while (timers.nextAt !== undefined) {
      clock.advance(timers.nextAt - clock.now());
      timers.runDue();
      await dispatcher.idle();
    }
    const [delivery] = (await listDeliveries(store, "acme", endpoint.id)).items;
    expect(delivery?.state).toBe("failed");
    expect(delivery?.attempts).toHaveLength(3);
    expect(delivery?.attempts.every((a) => a.status === undefined && (a.error ?? "").length > 0)).toBe(true);
  });

  it("stops retrying when the endpoint is removed", async () => {
    const clock = new ManualClock();
    const store = new MemoryObjectStore({ clock });
    const timers = new ManualTimers(clock);
    const endpoint = await createWebhookEndpoint({ store, clock, random: cryptoRandom }, "acme", { url: `${base}/always-fails`, events: ["stream.disconnected"] });
    const dispatcher = new WebhookDispatcher({ store, clock, timers });
    dispatcher.enqueue("acme", "stream.disconnected", { streamId: "s1" });
    await dispatcher.idle();
    await deleteWebhookEndpoint(store, "acme", endpoint.id);
    clock.advance(defaultRetryPolicy.initialDelayMs);
    timers.runDue();
    await dispatcher.idle();
    const [delivery] = (await listDeliveries(store, "acme", endpoint.id)).items;
    expect(delivery?.state).toBe("failed");
    expect(delivery?.attempts).toHaveLength(1);
    expect(timers.nextAt).toBeUndefined();
  });

  it("enqueue returns before any delivery starts", async () => {
    const clock = new ManualClock();
    const store = new MemoryObjectStore({ clock });
    await createWebhookEndpoint({ store, clock, random: cryptoRandom }, "acme", { url: `${base}/flaky`, events: ["stream.connected"] });
    const dispatcher = new WebhookDispatcher({ store, clock, timers: new ManualTimers(clock) });
    const before = received.length;
    dispatcher.enqueue("acme", "stream.connected", { streamId: "s1" });
    expect(received.length).toBe(before);
    await dispatcher.close();
  });
});
