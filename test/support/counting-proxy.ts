/**
 * An HTTP proxy in front of the edge that counts what players actually received: each response's
 * body bytes as they passed through to the client, by status, so a test can compare the bytes billed
 * with the bytes sent. Requests and headers pass unchanged (CMCD, Range, CORS preflights).
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedResponse {
  path: string;
  status: number;
  /** Body bytes the client was sent. */
  bytes: number;
}

export interface CountingProxy {
  /** The proxy's base URL; swap it for the upstream's in playback URLs. */
  url: string;
  /** Every finished response, in completion order. */
  readonly responses: readonly ProxiedResponse[];
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
  const responses: ProxiedResponse[] = [];
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    inFlight--;
    if (inFlight === 0) for (const wake of waiters.splice(0)) wake();
  };
  const server = createServer((req, res) => {
    inFlight++;
    const forwarded = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      let bytes = 0;
      answer.on("data", (chunk: Buffer) => {
        bytes += chunk.byteLength;
        res.write(chunk);
      });
      answer.on("end", () => {
        res.end(() => {
          if (req.method !== "OPTIONS") responses.push({ path: new URL(req.url ?? "/", "http://x").pathname, status: answer.statusCode ?? 0, bytes });
          settle();
        });
      });
      answer.on("error", () => settle());
    });
    forwarded.on("error", () => {
      res.writeHead(502).end();
      settle();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    responses,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    close: () =>
      new Promise((resolve) => {
        waiters = [];
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
