/**
 * Web pages on the edge: `/dashboard` (broadcasters, over the `/api/v1` API), `/watch/…` (viewers) and
 * the `/assets/…` they load. Page scripts and styles are strings in this folder; the player libraries
 * come through the `StaticAssets` port because Workers cannot read `node_modules`.
 * @example app.route("/", pageRoutes({ assets: nodeAssets(), dashboard: true, clock: systemClock }));
 */
import { Hono, type Context } from "hono";
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { dashboardPage } from "./dashboard-page.ts";
import { DASHBOARD_ACTIONS } from "./scripts/dashboard-actions.ts";
import { DASHBOARD_SESSION } from "./scripts/dashboard-session.ts";
import { DASHBOARD_STREAMS } from "./scripts/dashboard-streams.ts";
import { PLAYER_SCRIPT } from "./scripts/player.ts";
import { pageHeaders } from "./security-headers.ts";
import { isPlayerLibrary, type StaticAssets } from "./static-assets.ts";
import { PAGES_CSS } from "./styles.ts";
import { watchPage, watchTarget, type WatchFormat } from "./watch-page.ts";

export interface PageDeps {
  /** Player libraries; `/assets/hls.min.js` and `/assets/dash.all.min.js` answer 404 without it. */
  assets?: StaticAssets | undefined;
  /** Serve `/dashboard` (only useful where the broadcaster API is mounted). */
  dashboard: boolean;
  /** Serves `/time`, the DASH player's clock source (urn:mpeg:dash:utc:http-iso:2014). */
  clock: Clock;
}

const JS = "text/javascript; charset=utf-8";

/** Our own files: one scope for the dashboard's three parts. */
const OWN_FILES: Record<string, { body: string; type: string }> = {
  "dashboard.js": { body: `(function () {\n"use strict";\n${DASHBOARD_SESSION}${DASHBOARD_STREAMS}${DASHBOARD_ACTIONS}})();\n`, type: JS },
  "player.js": { body: PLAYER_SCRIPT, type: JS },
  "pages.css": { body: PAGES_CSS, type: "text/css; charset=utf-8" },
};

const notFound = (what: string) => new TributaryError("request.not_found", `${what} not found`);

function watch(c: Context, playbackId: string, token: string | undefined): Response | Promise<Response> {
  const format: WatchFormat = c.req.query("format") === "dash" ? "dash" : "hls";
  const target = watchTarget({ playbackId, token, format });
  return c.html(watchPage(target), target.ok ? 200 : 400, pageHeaders({ frameAncestors: "'self'" }));
}

export function pageRoutes(deps: PageDeps): Hono {
  const app = new Hono();
  if (deps.dashboard) app.get("/dashboard", (c) => c.html(dashboardPage(), 200, pageHeaders({ frameAncestors: "'none'" })));
  app.get("/watch/:playbackId", (c) => watch(c, c.req.param("playbackId"), c.req.query("token")));
  app.get("/watch/:token/:playbackId", (c) => watch(c, c.req.param("playbackId"), c.req.param("token")));

  app.get("/time", (c) => c.text(new Date(deps.clock.now()).toISOString(), 200, { "cache-control": "no-store" }));

  app.get("/assets/:name", async (c) => {
    const name = c.req.param("name");
    const own = OWN_FILES[name];
    if (own !== undefined) return c.body(own.body, 200, { "content-type": own.type, "cache-control": "no-cache", "x-content-type-options": "nosniff" });
    if (!isPlayerLibrary(name)) throw notFound("asset");
    const file = await deps.assets?.get(name);
    if (file === undefined) throw notFound(`player library ${name}`);
    const headers = new Headers(file.headers);
    headers.set("content-type", JS);
    headers.set("x-content-type-options", "nosniff");
    if (!headers.has("cache-control")) headers.set("cache-control", "public, max-age=86400");
    return new Response(file.body, { status: 200, headers });
  });
  return app;
}
