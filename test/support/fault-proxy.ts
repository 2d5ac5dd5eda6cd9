/**
 * An HTTP proxy in front of a real S3 server that misbehaves on a seeded schedule: each request, in
 * arrival order, draws one number from a seeded generator and so gets at most one fault. An `error`
 * answers 500 InternalError or 503 SlowDown with S3's XML error body (the request never reaches the
 * store); a `stall` waits before forwarding (a client with a shorter idle timeout gives up and
 * retries); a `reset` forwards, so the store acts on the request, then destroys the connection partway
 * through the answer; a `slow-body` forwards the request body at a throttled rate. Every fault is
 * counted, and so are the retries the AWS SDK announces in its `amz-sdk-request` header.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { prng } from "#core/testing/prng.ts";

export type FaultKind = "error-500" | "error-503" | "stall" | "reset" | "slow-body";

export interface FaultSchedule {
  seed: number;
  /** Share of requests answered 500 or 503 (half each). */
  errorRate: number;
  stallRate: number;
  resetRate: number;
  slowBodyRate: number;
  stallMs: number;
  /** Request-body bytes forwarded per second on a `slow-body` request. */
  slowBodyBytesPerSecond: number;
}

export interface FaultCounts {
  requests: number;
  /** Requests the SDK marked as a retry (`attempt=2` and later). */
  retries: number;
  /** Requests whose client went away while stalled (its idle timeout fired). */
  abandoned: number;
  faults: Record<FaultKind, number>;
  /** Requests per method and answer status (`PUT 200`), as the client saw them; faults included. */
  answers: Record<string, number>;
}

export interface FaultProxy {
  url: string;
  readonly counts: FaultCounts;
  /** Faults only while enabled (set up and inspect the platform before and after the fault window). */
  enabled: boolean;
  stop(): Promise<void>;
}

function pick(schedule: FaultSchedule, u: number): FaultKind | undefined {
  const bands: [FaultKind, number][] = [
    ["error-500", schedule.errorRate / 2],
    ["error-503", schedule.errorRate / 2],
    ["stall", schedule.stallRate],
    ["reset", schedule.resetRate],
    ["slow-body", schedule.slowBodyRate],
  ];
  let edge = 0;
  for (const [kind, rate] of bands) {
    edge += rate;
    if (u < edge) return kind;
  }
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function s3Error(status: 500 | 503, requestId: string): string {
  const [code, message] = status === 500 ? ["InternalError", "We encountered an internal error. Please try again."] : ["SlowDown", "Please reduce your request rate."];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`;
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const chunk of req) void chunk;
}

async function collect(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(upstream: string, schedule: FaultSchedule): Promise<FaultProxy> {
  const target = new URL(upstream);
  const random = prng(schedule.seed);
  const counts: FaultCounts = { requests: 0, retries: 0, abandoned: 0, faults: { "error-500": 0, "error-503": 0, stall: 0, reset: 0, "slow-body": 0 }, answers: {} };
  const proxy: FaultProxy = { url: "", counts, enabled: true, stop: () => Promise.resolve() };
  const answered = (req: IncomingMessage, status: number | "reset" | "abandoned") => {
    const label = `${req.method ?? "?"} ${status}`;
    counts.answers[label] = (counts.answers[label] ?? 0) + 1;
  };

  /** Forwards `req` upstream (its body throttled when asked) and resolves with the store's answer. */
  const forward = (req: IncomingMessage, throttled: boolean): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, resolve);
      out.on("error", reject);
      // A client that gives up mid-body (its idle timeout) cuts the upstream request too, so the store never takes a partial body.
      req.once("aborted", () => out.destroy());
      if (!throttled) {
        req.pipe(out);
        return;
      }
      void (async () => {
        const slice = 8 * 1024;
        for await (const chunk of req) {
          const bytes = chunk as Buffer;
          for (let at = 0; at < bytes.byteLength; at += slice) {
            out.write(bytes.subarray(at, at + slice));
            await sleep((1000 * Math.min(slice, bytes.byteLength - at)) / schedule.slowBodyBytesPerSecond);
          }
        }
        out.end();
      })().catch((error: unknown) => {
        out.destroy();
        reject(error);
      });
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const index = counts.requests++;
    const attempt = /attempt=(\d+)/.exec(String(req.headers["amz-sdk-request"] ?? ""));
    if (attempt !== null && Number(attempt[1]) > 1) counts.retries++;
    const u = random();
    const fault = proxy.enabled ? pick(schedule, u) : undefined;
    if (fault !== undefined) counts.faults[fault]++;

    if (fault === "error-500" || fault === "error-503") {
      await drain(req);
      const status = fault === "error-500" ? 500 : 503;
      res.writeHead(status, { "content-type": "application/xml", "x-amz-request-id": `fault-${index}` }).end(s3Error(status, `fault-${index}`));
      answered(req, status);
      return;
    }
    if (fault === "stall") {
      await sleep(schedule.stallMs);
      if (req.socket.destroyed) {
        counts.abandoned++;
        answered(req, "abandoned");
        return;
      }
    }
    const answer = await forward(req, fault === "slow-body");
    if (fault === "reset") {
      // The store has acted on the request; its answer is cut off partway (or before it starts).
      const body = await collect(answer);
      if (body.byteLength > 0) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.write(body.subarray(0, body.byteLength >> 1), () => res.socket?.destroy());
      } else {
        res.socket?.destroy();
      }
      answered(req, "reset");
      return;
    }
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
    answered(req, answer.statusCode ?? 502);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(502).end();
      else res.socket?.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
