/**
 * A child process that runs the webhook dispatcher over an FsObjectStore directory, as a relay does,
 * for the restart tests. argv: <storage root> <policy JSON {retry, outbox}>. Over IPC it takes
 * `{ enqueue: {tenantId, type, data} }` and `{ close: true }`, and answers `{ ready }`, `{ enqueued: id }`, `{ closed }`.
 */
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { nodeWebhookTransport } from "#core-node/webhook-transport.ts";
import { WebhookDispatcher } from "#core/webhooks/dispatcher.ts";
import type { WebhookEventType } from "#core/webhooks/events.ts";
import type { OutboxPolicy } from "#core/webhooks/outbox-policy.ts";
import type { RetryPolicy } from "#core/webhooks/retry-policy.ts";

export interface WorkerCommand {
  enqueue?: { tenantId: string; type: WebhookEventType; data: Record<string, unknown> };
  close?: true;
}

const [root, policyJson] = process.argv.slice(2);
if (root === undefined || policyJson === undefined || process.send === undefined) throw new TypeError("usage: webhook-worker.ts <root> <policy JSON> (forked, with IPC)");
const send = process.send.bind(process);
const policy = JSON.parse(policyJson) as { retry: RetryPolicy; outbox: OutboxPolicy };
const dispatcher = new WebhookDispatcher({
  store: new FsObjectStore({ root }),
  transport: nodeWebhookTransport({ allowPrivateTargets: true }),
  policy: policy.retry,
  outbox: policy.outbox,
  onError: (error) => console.error("webhook worker:", error),
});
dispatcher.start();

process.on("message", (command: WorkerCommand) => {
  void (async () => {
    if (command.enqueue !== undefined) {
      const event = dispatcher.enqueue(command.enqueue.tenantId, command.enqueue.type, command.enqueue.data);
      send({ enqueued: event.id });
    }
    if (command.close === true) {
      await dispatcher.close();
      send({ closed: true }, () => process.exit(0));
    }
  })();
});
send({ ready: true });
