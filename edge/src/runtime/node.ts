/** Node runtime adapter: serves the edge app over HTTP and reads the viewer from the socket. */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Context, Hono } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Viewer } from "#core/tokens/access.ts";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { errorResponse } from "../http/error-response.ts";
import { checkRequestTarget } from "../http/request-target.ts";

export interface NodeEdgeServer {
  url: string;
  close(): Promise<void>;
}

/**
 * How long and how large a request may be before Node answers for the app. Slow senders (slowloris)
 * get 408 once `headersMs` passes without complete headers, checked every `checkMs`; headers over
 * `maxHeaderBytes` get 431; a request not done within `requestMs` is dropped.
 */
export interface NodeEdgeLimits {
  headersMs: number;
  requestMs: number;
  checkMs: number;
  maxHeaderBytes: number;
  keepAliveMs: number;
}

export const defaultNodeEdgeLimits: NodeEdgeLimits = { headersMs: 10_000, requestMs: 30_000, checkMs: 1_000, maxHeaderBytes: 16 * 1024, keepAliveMs: 5_000 };

/**
 * A Node request handler served beside the Hono app on the same port (the tus upload endpoint).
 * Its requests may take as long as their bytes keep coming: `idleMs` without any ends them.
 */
export interface NodeMount {
  owns(url: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  idleMs: number;
}

/**
 * Sends mounted paths to their handlers and the rest to the app. Node's own request timeout covers
 * every request on a server, so with mounts it is kept here for the app's requests only.
 */
function mountedServer(mounts: readonly NodeMount[], requestMs: number): typeof createServer {
  const idleClosing = new WeakSet<object>();
  return ((serverOptions: object, listener: RequestListener) =>
    createServer({ ...serverOptions, requestTimeout: 0 }, (req, res) => {
      const mount = mounts.find((m) => m.owns(req.url ?? "/"));
      if (mount !== undefined) {
        // One listener per socket: keep-alive sockets carry many requests.
        if (!idleClosing.has(req.socket)) {
          idleClosing.add(req.socket);
          req.socket.on("timeout", () => req.socket.destroy());
        }
        req.socket.setTimeout(mount.idleMs);
        res.once("close", () => req.socket.setTimeout(0));
        return mount.handle(req, res);
      }
      // As Node's requestTimeout: only a request still not fully received is dropped.
      const timer = setTimeout(() => {
        if (!req.complete) req.socket.destroy();
      }, requestMs);
      res.once("close", () => clearTimeout(timer));
      listener(req, res);
    })) as typeof createServer;
}

export async function startNodeEdge(app: Hono, options: { host: string; port: number; limits?: Partial<NodeEdgeLimits>; mounts?: readonly NodeMount[] }): Promise<NodeEdgeServer> {
  const limits = { ...defaultNodeEdgeLimits, ...options.limits };
  const mounts = options.mounts ?? [];
  return new Promise((resolve) => {
    const server = serve({
      fetch: (request: Request, env: unknown) => guardedFetch(app, request, env as { incoming: IncomingMessage }),
      hostname: options.host,
      port: options.port,
      serverOptions: { headersTimeout: limits.headersMs, requestTimeout: limits.requestMs, connectionsCheckingInterval: limits.checkMs, maxHeaderSize: limits.maxHeaderBytes, keepAliveTimeout: limits.keepAliveMs },
      ...(mounts.length > 0 ? { createServer: mountedServer(mounts, limits.requestMs) } : {}),
    }, (info: AddressInfo) => {
      resolve({
        url: `http://${info.family === "IPv6" ? `[${info.address}]` : info.address}:${info.port}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          if ("closeAllConnections" in server) server.closeAllConnections();
        }),
      });
    });
  });
}

/**
 * URL parsing normalizes `..` and `%2e%2e` away before the app sees the path, so traversal attempts are
 * refused here, on the request target exactly as the client sent it.
 */
function guardedFetch(app: Hono, request: Request, env: { incoming: IncomingMessage }): Response | Promise<Response> {
  const raw = env.incoming.url ?? "/";
  if (raw.startsWith("/p/") || raw.startsWith("/k/")) {
    try {
      checkRequestTarget(raw);
    } catch (error) {
      return errorResponse(error);
    }
  }
  return app.fetch(request, env);
}

/** On Node the viewer's address is the socket's; `x-forwarded-for` is honoured only behind a trusted proxy. */
export function nodeViewer(trustProxy: boolean): (c: Context) => Viewer {
  return (c) => {
    const forwarded = trustProxy ? c.req.header("x-forwarded-for")?.split(",")[0]?.trim() : undefined;
    return {
      ip: forwarded ?? getConnInfo(c).remote.address,
      country: trustProxy ? c.req.header("x-viewer-country") : undefined,
      referrer: c.req.header("referer"),
    };
  };
}
