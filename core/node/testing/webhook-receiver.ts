/** Test helper (Node tests and the cross-component suites): a real HTTP webhook receiver on 127.0.0.1. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** What the receiver answered; `undefined` while a held request is open. */
  status: number | undefined;
}

/** How to answer the `index`-th request (from 0) to `path`: a status, or `"hold"` to never answer. */
export type Responder = (path: string, index: number) => number | "hold";

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  base: string;
  port: number;
  received: ReceivedWebhook[];
  /** Requests to `path` so far. */
  at(path: string): ReceivedWebhook[];
  /** Resolves once `count` requests have arrived in all. */
  arrived(count: number): Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Answers 204 unless `respond` says otherwise.
 * @example const receiver = await startWebhookReceiver((_path, index) => (index < 2 ? 503 : 204));
 */
export async function startWebhookReceiver(respond: Responder = () => 204): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const held = new Set<ServerResponse>();
  let waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const path = request.url ?? "";
      const answer = respond(path, received.filter((r) => r.path === path).length);
      received.push({ path, headers: request.headers, body, status: answer === "hold" ? undefined : answer });
      if (answer === "hold") held.add(response);
      else response.writeHead(answer).end();
      waiters = waiters.filter((waiter) => (received.length >= waiter.count ? (waiter.resolve(), false) : true));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    received,
    at: (path) => received.filter((r) => r.path === path),
    arrived: (count) => (received.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }))),
    close: () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
