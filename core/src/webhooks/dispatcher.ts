/**
 * Delivers webhook events to a tenant's endpoints with fetch. `enqueue` returns at once so ingest is
 * never held up; every delivery runs on its own, so one failing endpoint never delays another.
 * Failed attempts are retried with the `RetryPolicy` backoff for up to a day; every attempt is recorded.
 */
import { cryptoRandom, systemClock, type Clock, type Random } from "../clock.ts";
import { newId } from "../records/ids.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { saveDelivery, type DeliveryAttempt, type WebhookDelivery } from "./deliveries.ts";
import { getWebhookEndpoint, listWebhookEndpoints, type WebhookEndpoint } from "./endpoints.ts";
import type { WebhookEvent, WebhookEventType } from "./events.ts";
import { defaultRetryPolicy, nextAttemptAt, type RetryPolicy } from "./retry-policy.ts";
import { SIGNATURE_HEADER, signWebhook } from "./signature.ts";
import { systemTimers, type Timers } from "./timers.ts";

export interface WebhookDispatcherOptions {
  store: ObjectStore;
  clock?: Clock;
  random?: Random;
  fetch?: typeof fetch;
  policy?: RetryPolicy;
  timers?: Timers;
  /** Told about failures of the dispatcher itself (storage down), which no caller waits for. */
  onError?: (error: unknown) => void;
}

export class WebhookDispatcher {
  readonly #store: ObjectStore;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #fetch: typeof fetch;
  readonly #policy: RetryPolicy;
  readonly #timers: Timers;
  readonly #onError: (error: unknown) => void;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #scheduled = new Set<() => void>();

  constructor(options: WebhookDispatcherOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? cryptoRandom;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#policy = options.policy ?? defaultRetryPolicy;
    this.#timers = options.timers ?? systemTimers(this.#clock);
    this.#onError = options.onError ?? (() => {});
  }

  /**
   * Queues `type` for every endpoint of the tenant subscribed to it; returns the event at once.
   * @example dispatcher.enqueue(stream.tenantId, "stream.live", { streamId, mediaId });
   */
  enqueue(tenantId: string, type: WebhookEventType, data: Record<string, unknown>): WebhookEvent {
    const event: WebhookEvent = { id: newId(this.#clock, this.#random), type, createdAt: this.#now(), tenantId, data };
    this.#track(this.#fanOut(event));
    return event;
  }

  /** Resolves when no delivery is being attempted right now (scheduled retries do not count). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /** Cancels scheduled retries (their records stay `pending`) and waits for attempts in flight. */
  async close(): Promise<void> {
    for (const cancel of this.#scheduled) cancel();
    this.#scheduled.clear();
    await this.idle();
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch(this.#onError).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  async #fanOut(event: WebhookEvent): Promise<void> {
    const endpoints = (await listWebhookEndpoints(this.#store, event.tenantId)).filter((endpoint) => endpoint.events.includes(event.type));
    for (const endpoint of endpoints) {
      const delivery: WebhookDelivery = { id: newId(this.#clock, this.#random), endpointId: endpoint.id, tenantId: event.tenantId, url: endpoint.url, event, state: "pending", attempts: [] };
      this.#track(this.#attempt(endpoint, delivery));
    }
  }

  async #attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery): Promise<void> {
    const attempt = await this.#post(endpoint, JSON.stringify(delivery.event));
    const attempts = [...delivery.attempts, attempt];
    const ok = attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
    const firstAt = Date.parse((attempts[0] as DeliveryAttempt).at);
    const retryAt = ok ? undefined : nextAttemptAt(this.#policy, attempts.length, firstAt, Date.parse(attempt.at));
    const next: WebhookDelivery = { ...delivery, attempts, state: ok ? "succeeded" : retryAt === undefined ? "failed" : "pending" };
    if (retryAt !== undefined) next.nextAttemptAt = new Date(retryAt).toISOString();
    else delete next.nextAttemptAt;
    await saveDelivery(this.#store, next);
    if (retryAt === undefined) return;
    const cancel = this.#timers.schedule(retryAt, () => {
      this.#scheduled.delete(cancel);
      this.#track(this.#retry(endpoint.id, next));
    });
    this.#scheduled.add(cancel);
  }

  /** Retries go to the endpoint as it is now: a removed endpoint ends its deliveries as failed. */
  async #retry(endpointId: string, delivery: WebhookDelivery): Promise<void> {
    const endpoint = await getWebhookEndpoint(this.#store, delivery.tenantId, endpointId);
    if (endpoint !== undefined) return this.#attempt(endpoint, delivery);
    const { nextAttemptAt: _dropped, ...rest } = delivery;
    await saveDelivery(this.#store, { ...rest, state: "failed" });
  }

  async #post(endpoint: WebhookEndpoint, body: string): Promise<DeliveryAttempt> {
    const startedAt = this.#clock.now();
    const at = new Date(startedAt).toISOString();
    const signature = await signWebhook(endpoint.secret, body, Math.floor(startedAt / 1000));
    try {
      const response = await this.#fetch(endpoint.url, {
        method: "POST",
        headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature, "user-agent": "Tributary-Webhooks/1" },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.#policy.timeoutMs),
      });
      await response.body?.cancel();
      return { at, status: response.status, durationMs: this.#clock.now() - startedAt };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { at, error: message.slice(0, 500), durationMs: this.#clock.now() - startedAt };
    }
  }
}
