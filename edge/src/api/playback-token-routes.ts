/**
 * `POST /playback-tokens`: a signed playback token and ready-made HLS, DASH and WHEP URLs for one of the
 * caller's media (or a stream's current media). Signed with the platform keyring's active key;
 * tenants holding their own signing key sign tokens themselves and never send the private half here.
 */
import { Hono } from "hono";
import { TributaryError } from "#core/errors.ts";
import { getMedia } from "#core/records/media.ts";
import { getStream } from "#core/records/streams.ts";
import { DOWNLOADS_FOLDER } from "#core/storage/keys.ts";
import { ensureKeyring } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey } from "#core/tokens/signing-keys.ts";
import type { ApiDeps } from "./api-deps.ts";
import { playbackTokenRequestSchema } from "./api-schemas.ts";
import { requireScope, tenantOf, type ApiEnv } from "./auth.ts";
import { jsonBody } from "./validation.ts";

const notFound = (what: string) => new TributaryError("request.not_found", `${what} not found`);

/** The media id the request names, checked to be the tenant's own. */
async function ownedMediaId(deps: ApiDeps, tenantId: string, body: { mediaId?: string | undefined; streamId?: string | undefined }): Promise<string> {
  if (body.mediaId !== undefined) {
    if ((await getMedia(deps.store, tenantId, body.mediaId)) === undefined) throw notFound("media");
    return body.mediaId;
  }
  // A stream id is a stable playback id: the edge resolves it to the current (or last) broadcast, so one
  // link plays every broadcast of the stream, including ones that have not started yet.
  const stream = await getStream(deps, tenantId, body.streamId as string);
  if (stream === undefined) throw notFound("stream");
  return stream.id;
}

export function playbackTokenRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post("/", requireScope("read"), async (c) => {
    const body = await jsonBody(c, playbackTokenRequestSchema);
    const tenantId = tenantOf(c);
    const mediaId = await ownedMediaId(deps, tenantId, body);
    const now = deps.clock.now();
    const nowSeconds = Math.floor(now / 1000);
    const expiresAt = nowSeconds + body.expiresIn;
    const keyring = await ensureKeyring(deps.store, "ES256", new Date(now));
    const token = await signPlaybackToken(
      activeKey(keyring),
      {
        mediaId,
        expiresAt,
        tenantId,
        ...(body.notBeforeIn === undefined ? {} : { notBefore: nowSeconds + body.notBeforeIn }),
        ...(body.rules === undefined ? {} : { rules: body.rules }),
        ...(body.caps === undefined ? {} : { caps: body.caps }),
        ...(body.downloadable === true ? { downloadable: true } : {}),
        ...(body.clip === undefined ? {} : { clip: body.clip }),
      },
      now,
    );
    const edge = deps.publicUrl.replace(/\/+$/, "");
    const base = `${edge}/p/${token}/${mediaId}`;
    // WHEP (WebRTC) plays a live stream in real time: POST an SDP offer to it.
    const urls = { hls: `${base}/master.m3u8`, dash: `${base}/manifest.mpd`, whep: `${edge}/whep/${token}/${mediaId}`, ...(body.downloadable === true ? { download: `${base}/${DOWNLOADS_FOLDER}highest.mp4` } : {}) };
    return c.json({ token, mediaId, expiresAt: new Date(expiresAt * 1000).toISOString(), urls }, 201);
  });
  return app;
}
