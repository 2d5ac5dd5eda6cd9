/** Node runtime adapter: serves the edge app over HTTP and reads the viewer from the socket. */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Context, Hono } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Viewer } from "#core/tokens/access.ts";

export interface NodeEdgeServer {
  url: string;
  close(): Promise<void>;
}

export async function startNodeEdge(app: Hono, options: { host: string; port: number }): Promise<NodeEdgeServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info: AddressInfo) => {
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
