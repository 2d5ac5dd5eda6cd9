/** Workers: the viewer's address from `CF-Connecting-IP`, country from `request.cf.country`. */
import type { Context } from "hono";
import type { Viewer } from "#core/tokens/access.ts";

export function workersViewer(c: Context): Viewer {
  const cf = (c.req.raw as Request & { cf?: { country?: unknown } }).cf;
  return {
    ip: c.req.header("cf-connecting-ip"),
    country: typeof cf?.country === "string" ? cf.country : undefined,
    referrer: c.req.header("referer"),
  };
}
