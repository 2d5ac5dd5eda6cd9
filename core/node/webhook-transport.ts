/**
 * The Node `WebhookTransport`: node:http(s) with the guarded lookup, so every delivery connects only
 * to addresses the outbound-target rule allows, and to the very addresses it checked. Redirects are
 * not followed (a 3xx is an answer like any other). Each request has its own connection, so a socket
 * opened under one policy is never reused under another.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { OutboundPolicy } from "#core/net/outbound-target.ts";
import type { WebhookTransport } from "#core/webhooks/transport.ts";
import { guardedLookup, refuseHost, type ResolveAll } from "./outbound-guard.ts";

/** @example new WebhookDispatcher({ store, transport: nodeWebhookTransport({ allowPrivateTargets: false }) }) */
export function nodeWebhookTransport(policy: OutboundPolicy, resolveAll?: ResolveAll): WebhookTransport {
  const lookup = guardedLookup(policy, resolveAll);
  return async ({ url, headers, body, timeoutMs }) => {
    const target = new URL(url);
    if (target.protocol !== "http:" && target.protocol !== "https:") throw new TypeError(`not an http(s) URL: ${url}`);
    refuseHost(target, policy);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const bytes = Buffer.from(body, "utf8");
    return new Promise<{ status: number }>((resolve, reject) => {
      const request = send(target, { method: "POST", headers: { ...headers, "content-length": String(bytes.byteLength) }, lookup, agent: false, signal: AbortSignal.timeout(timeoutMs) }, (response) => {
        resolve({ status: response.statusCode ?? 0 });
        response.destroy();
      });
      request.on("error", reject);
      request.end(bytes);
    });
  };
}
