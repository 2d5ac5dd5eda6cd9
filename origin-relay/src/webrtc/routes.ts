/**
 * WHIP and WHEP over HTTP on the relay's server (RFC 9725 §4; draft-ietf-wish-whep):
 *   POST   /whip/<streamId>        application/sdp offer, `Authorization: Bearer <stream key>` → 201 answer
 *   POST   /whep/<mediaId>         the edge forwards a viewer's offer here after verifying its token
 *   PATCH  /wh{i,e}p/<id>/<res>    application/trickle-ice-sdpfrag → 204
 *   DELETE /wh{i,e}p/<id>/<res>    ends the session → 200
 * Publishers in browsers post from other origins, so the answers carry CORS headers (§4.7 of the WHIP
 * RFC expects them) and expose Location and ETag.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import { TributaryError } from "#core/errors.ts";
import { httpErrorAnswer } from "#core/errors/http-status.ts";
import type { RtcResources } from "./resources.ts";
import { MAX_SDP_BYTES } from "./rtc-peer.ts";
import { MAX_SDPFRAG_BYTES, TRICKLE_ICE_TYPE } from "./trickle.ts";
import type { WhepPlayback } from "./whep-playback.ts";
import type { WhipIngest } from "./whip-ingest.ts";

export interface WebrtcEndpoints {
  whip: WhipIngest;
  whep: WhepPlayback;
}

async function body(c: Context, type: string, maxBytes: number): Promise<string> {
  const contentType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (contentType !== type) throw new TributaryError("request.invalid", `the body must be ${type}`, { details: { reason: "content-type" } });
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) throw new TributaryError("request.too_large", `the body is larger than ${maxBytes} bytes`);
  const text = await c.req.text();
  if (new TextEncoder().encode(text).byteLength > maxBytes) throw new TributaryError("request.too_large", `the body is larger than ${maxBytes} bytes`);
  return text;
}

function created(c: Context, session: { id: string; etag: string; answer: string }): Response {
  const location = `${new URL(c.req.url).pathname.replace(/\/+$/, "")}/${session.id}`;
  return new Response(session.answer, { status: 201, headers: { "content-type": "application/sdp", location, etag: session.etag, "cache-control": "no-store" } });
}

function resourceRoutes(app: Hono, prefix: string, resources: () => RtcResources): void {
  app.patch(`${prefix}/:id/:resource`, async (c) => {
    const fragment = await body(c, TRICKLE_ICE_TYPE, MAX_SDPFRAG_BYTES);
    await resources().trickle(c.req.param("resource"), fragment, c.req.header("if-match"));
    return c.body(null, 204);
  });
  app.delete(`${prefix}/:id/:resource`, async (c) => {
    await resources().end(c.req.param("resource"));
    return c.body(null, 200);
  });
}

export function webrtcRoutes(endpoints: WebrtcEndpoints): Hono {
  const app = new Hono();
  app.use("/whip/*", cors({ origin: "*", allowMethods: ["POST", "PATCH", "DELETE", "OPTIONS"], allowHeaders: ["Authorization", "Content-Type", "If-Match"], exposeHeaders: ["Location", "ETag"], maxAge: 86_400 }));
  app.post("/whip/:streamId", async (c) => {
    const offer = await body(c, "application/sdp", MAX_SDP_BYTES);
    const authorization = c.req.header("authorization");
    const streamKey = authorization?.startsWith("Bearer ") ? authorization.slice(7).trim() : undefined;
    const session = await endpoints.whip.publish({ streamId: c.req.param("streamId"), streamKey, offer, remoteAddress: getConnInfo(c).remote.address ?? "unknown" });
    return created(c, session);
  });
  app.post("/whep/:mediaId", async (c) => {
    const offer = await body(c, "application/sdp", MAX_SDP_BYTES);
    return created(c, await endpoints.whep.view(c.req.param("mediaId"), offer));
  });
  resourceRoutes(app, "/whip", () => endpoints.whip.resources);
  resourceRoutes(app, "/whep", () => endpoints.whep.resources);
  app.onError((error) => {
    const { status, code, message } = httpErrorAnswer(error, "relay");
    if (code === "internal") throw error;
    const headers: Record<string, string> = { "content-type": "text/plain; charset=UTF-8", "cache-control": "no-store" };
    if (status === 401) headers["www-authenticate"] = 'Bearer realm="whip"';
    return new Response(message, { status, headers });
  });
  return app;
}
