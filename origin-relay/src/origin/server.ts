/**
 * The relay's live origin over HTTP (Hono on @hono/node-server): what the edge proxies for the live
 * edge of a stream. Unknown media answer 404 so the edge falls back to storage.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { Context } from "hono";
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { httpErrorAnswer } from "#core/errors/http-status.ts";
import { CACHE, CONTENT_TYPE, mediaObject, mediaPlaylist } from "./media-routes.ts";
import type { MediaContext, WaitPolicy } from "./media-routes.ts";
import type { LiveMediaRegistry } from "./registry.ts";

export interface OriginServerOptions {
  registry: LiveMediaRegistry;
  clock: Clock;
  host: string;
  /** 0 picks a free port. */
  port: number;
  waitPolicy: WaitPolicy;
}

export interface OriginServer {
  /** `http://host:port` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** 3 × a 2 s target duration: a blocking request outlives any normal gap between parts. */
export const defaultWaitPolicy: WaitPolicy = { maxWaitMs: 6_000 };

/** The origin's routes, for `createOriginServer` or for mounting in a test or another app. */
export function createOriginApp(options: Pick<OriginServerOptions, "registry" | "clock" | "waitPolicy">): Hono {
  const app = new Hono();
  // Players may fetch the relay directly in development; every route is a simple GET.
  app.use("*", async (c, next) => {
    await next();
    c.res.headers.set("access-control-allow-origin", "*");
  });
  app.get("/healthz", (c) => c.text("ok"));
  // UTCTiming (urn:mpeg:dash:utc:http-iso:2014): the relay's clock, which anchors availabilityStartTime.
  app.get("/time", (c) => c.text(new Date(options.clock.now()).toISOString(), 200, { "cache-control": CACHE.playlist }));
  const context = (c: Context): MediaContext => {
    const media = options.registry.get(c.req.param("mediaId") ?? "");
    if (media === undefined) throw new TributaryError("request.not_found", "no such live media");
    return { media, clock: options.clock, waitPolicy: options.waitPolicy };
  };
  app.get("/media/:mediaId/master.m3u8", (c) => {
    const text = context(c).media.multivariantPlaylist();
    return text === undefined ? c.notFound() : c.body(text, 200, { "content-type": CONTENT_TYPE.hls, "cache-control": CACHE.playlist });
  });
  app.get("/media/:mediaId/manifest.mpd", (c) => {
    // Root-relative, so it resolves to whichever host served the MPD: the edge's own /time for viewers.
    const text = context(c).media.mpd("/time");
    return text === undefined ? c.notFound() : c.body(text, 200, { "content-type": CONTENT_TYPE.dash, "cache-control": CACHE.playlist });
  });
  app.get("/media/:mediaId/:rendition/:file", (c) => {
    const ctx = context(c);
    const rendition = c.req.param("rendition");
    const config = ctx.media.renditionNames().includes(rendition) ? rendition : undefined;
    if (config === undefined) return c.notFound();
    const file = c.req.param("file");
    if (file === "index.m3u8") return mediaPlaylist(ctx, rendition, new URL(c.req.url).searchParams);
    return mediaObject(ctx, rendition, file, ctx.media.kindOf(rendition), c.req.raw.signal);
  });
  app.onError((error) => {
    const { status, code, message } = httpErrorAnswer(error, "relay");
    // Unexpected errors are rethrown, as before: the serving app (the platform's logs them) answers a bare 500.
    if (code === "internal") throw error;
    const headers: Record<string, string> = { "content-type": "text/plain; charset=UTF-8" };
    // A 503 (a wait that ran out, storage briefly away) is momentary: never cached, soon asked again.
    if (status === 503) Object.assign(headers, { "cache-control": CACHE.playlist, "retry-after": "1" });
    return new Response(message, { status, headers });
  });
  return app;
}

/**
 * @example
 * const origin = await createOriginServer({ registry, clock: systemClock, host: "127.0.0.1", port: 0, waitPolicy: defaultWaitPolicy });
 */
export async function createOriginServer(options: OriginServerOptions): Promise<OriginServer> {
  const app = createOriginApp(options);
  const server = await new Promise<ServerType>((resolve) => {
    const s: ServerType = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Parked requests and open segment streams would hold the server open: cut them.
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
