/**
 * CORS for playback (Fetch standard §3.2): media is readable from any origin, so every answer under
 * `/p/*` carries `Access-Control-Allow-Origin: *`, and preflights are answered without reaching a route.
 * Unlike Hono's `cors()`, the headers go onto the route's own response after it returns: touching
 * `c.res` before the route makes Hono rebuild every response, which on Node turns a byte body into a
 * copied stream.
 */
import type { MiddlewareHandler } from "hono";

export interface CorsPolicy {
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  maxAgeSeconds: number;
}

export function anyOriginCors(policy: CorsPolicy): MiddlewareHandler {
  const expose = policy.exposeHeaders.join(",");
  const preflight = {
    "access-control-allow-origin": "*",
    "access-control-expose-headers": expose,
    "access-control-max-age": String(policy.maxAgeSeconds),
    "access-control-allow-methods": policy.allowMethods.join(","),
    "access-control-allow-headers": policy.allowHeaders.join(","),
  };
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return new Response(null, { status: 204, statusText: "No Content", headers: preflight });
    await next();
    try {
      c.res.headers.set("access-control-allow-origin", "*");
    } catch {
      // Immutable headers (a Response straight from `fetch` or the Cache API): answer with a copy.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("access-control-allow-origin", "*");
    }
    c.res.headers.set("access-control-expose-headers", expose);
  };
}
