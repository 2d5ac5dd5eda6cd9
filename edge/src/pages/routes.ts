/**
 * Web pages on the edge: `/dashboard` and `/dashboard/usage` (broadcasters, over the `/api/v1` API), `/watch/…` (viewers) and
 * the `/assets/…` they load. The stylesheet is a string in this folder; the page scripts (bundled from
 * ./client/) and the player libraries come through the `StaticAssets` port, which each runtime fills.
 * @example app.route("/", pageRoutes({ assets: nodeAssets(), dashboard: true, clock: systemClock }));
 */
import { Hono, type Context } from "hono";
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { dashboardPage } from "./dashboard-page.ts";
import { usagePage } from "./usage-page.ts";
import { pageHeaders } from "./security-headers.ts";
import { isPageScript, isStaticAsset, type StaticAssets } from "./static-assets.ts";
import { PAGES_CSS } from "./styles.ts";
import { watchPage, watchTarget, type WatchFormat } from "./watch-page.ts";

export interface PageDeps {
  /** Page scripts and player libraries; every `/assets/*.js` answers 404 without it. */
  assets?: StaticAssets | undefined;
  /** Serve `/dashboard` (only useful where the broadcaster API is mounted). */
  dashboard: boolean;
  /** Serves `/time`, the DASH player's clock source (urn:mpeg:dash:utc:http-iso:2014). */
  clock: Clock;
}

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

const notFound = (what: string) => new TributaryError("request.not_found", `${what} not found`);

function watch(c: Context, playbackId: string, token: string | undefined): Response | Promise<Response> {
  const format: WatchFormat = c.req.query("format") === "dash" ? "dash" : "hls";
  const target = watchTarget({ playbackId, token, format });
  return c.html(watchPage(target), target.ok ? 200 : 400, pageHeaders({ frameAncestors: "'self'" }));
}

export function pageRoutes(deps: PageDeps): Hono {
  const app = new Hono();
  if (deps.dashboard) {
    app.get("/dashboard", (c) => c.html(dashboardPage(), 200, pageHeaders({ frameAncestors: "'none'" })));
    app.get("/dashboard/usage", (c) => c.html(usagePage(), 200, pageHeaders({ frameAncestors: "'none'" })));
  }
  app.get("/watch/:playbackId", (c) => watch(c, c.req.param("playbackId"), c.req.query("token")));
  app.get("/watch/:token/:playbackId", (c) => watch(c, c.req.param("playbackId"), c.req.param("token")));

  app.get("/time", (c) => c.text(new Date(deps.clock.now()).toISOString(), 200, { "cache-control": "no-store" }));

  app.get("/assets/:name", async (c) => {
    const name = c.req.param("name");
    if (name === "pages.css") return c.body(PAGES_CSS, 200, { "content-type": CSS, "cache-control": "no-cache", "x-content-type-options": "nosniff" });
    if (!isStaticAsset(name)) throw notFound("asset");
    const file = await deps.assets?.get(name);
    if (file === undefined) throw notFound(`script ${name}`);
    const headers = new Headers(file.headers);
    headers.set("content-type", name.endsWith(".css") ? CSS : JS);
    headers.set("x-content-type-options", "nosniff");
    // Page scripts keep their URL across releases: revalidate. Libraries change only with the package.
    if (isPageScript(name)) headers.set("cache-control", "no-cache");
    else if (!headers.has("cache-control")) headers.set("cache-control", "public, max-age=86400");
    return new Response(file.body, { status: 200, headers });
  });
  return app;
}
