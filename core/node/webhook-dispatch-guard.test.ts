// The dispatcher wired as the relay wires it (Node transport, guarded connects): with private targets
// not allowed, a delivery to 127.0.0.1 or to a name that resolves to it never leaves the host, and the
// delivery record says why; with them allowed (tests, development) the same endpoints are delivered to.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "#core/clock.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { listDeliveries } from "#core/webhooks/deliveries.ts";
import { WebhookDispatcher } from "#core/webhooks/dispatcher.ts";
import { createWebhookEndpoint } from "#core/webhooks/endpoints.ts";
import { defaultRetryPolicy } from "#core/webhooks/retry-policy.ts";
import { ManualTimers } from "#core/webhooks/timers.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/webhook-receiver.ts";
import { nodeWebhookTransport } from "./webhook-transport.ts";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

async function deliverOnce(allowPrivateTargets: boolean, tag: string) {
  const clock = new ManualClock();
  const store = new MemoryObjectStore({ clock });
  const timers = new ManualTimers(clock);
  // Registered while allowed: the refusal under test is the connect-time one.
  const register = (url: string) => createWebhookEndpoint({ store, clock, random: cryptoRandom }, "acme", { url, events: ["stream.live"] }, { allowPrivateTargets: true });
  const literal = await register(`http://127.0.0.1:${receiver.port}/${tag}-literal`);
  const named = await register(`http://localhost:${receiver.port}/${tag}-name`);
  const dispatcher = new WebhookDispatcher({ store, clock, timers, transport: nodeWebhookTransport({ allowPrivateTargets }), policy: { ...defaultRetryPolicy, maxAttempts: 1 } });
  dispatcher.start();
  const event = dispatcher.enqueue("acme", "stream.live", { streamId: "s1" });
  const delivery = async (endpointId: string) => (await listDeliveries(store, "acme", endpointId)).items[0];
  for (let step = 0; step < 50; step++) {
    await dispatcher.idle();
    if ((await delivery(literal.id))?.state !== "pending" && (await delivery(named.id))?.state !== "pending") break;
    clock.advance((timers.nextAt ?? clock.now()) - clock.now());
    timers.runDue();
  }
  await dispatcher.close();
  return { event, literal: await delivery(literal.id), named: await delivery(named.id) };
}

describe("webhook delivery to private targets", () => {
  it("is refused at connect time when not allowed, and recorded as a failed attempt naming the rule", async () => {
    const { literal, named } = await deliverOnce(false, "strict");
    expect(literal?.state).toBe("failed");
    expect(literal?.attempts).toEqual([expect.objectContaining({ error: "refused: 127.0.0.1 is a loopback address; targets must be public (webhooks.allowPrivateTargets is off)" })]);
    expect(named?.state).toBe("failed");
    expect(named?.attempts[0]?.error).toMatch(/^refused localhost: (127\.0\.0\.1|::1) is a loopback address; targets must be public/);
    expect(receiver.at("/strict-literal")).toEqual([]);
    expect(receiver.at("/strict-name")).toEqual([]);
  });

  it("goes through when the deployment allows private targets", async () => {
    const { event, literal, named } = await deliverOnce(true, "lax");
    expect(literal?.attempts.map((a) => a.status)).toEqual([204]);
    expect(named?.state).not.toBe("pending");
    expect(receiver.at("/lax-literal").map((r) => r.headers["tributary-webhook-id"])).toEqual([event.id]);
  });
});
