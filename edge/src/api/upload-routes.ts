/** `/uploads`: a single-use, capped, expiring URL to upload one video file to, and the asset it becomes. */
import { Hono } from "hono";
import { TributaryError } from "#core/errors.ts";
import { getStream } from "#core/records/streams.ts";
import { keys } from "#core/storage/keys.ts";
import { failAsset } from "#core/vod/asset-state.ts";
import { completeUpload, createUpload, getUpload } from "#core/vod/uploads.ts";
import type { ApiDeps } from "./api-deps.ts";
import { uploadCreateSchema } from "./api-schemas.ts";
import { requireScope, tenantOf, type ApiEnv } from "./auth.ts";
import { idempotent } from "./idempotency.ts";
import { recordContext } from "./record-context.ts";
import { jsonBody } from "./validation.ts";
import { defaultVodDefaults, type VodApi } from "./vod-deps.ts";

/** The VOD settings, or a 404 where this edge takes no uploads. */
export function vodOf(deps: ApiDeps): VodApi {
  if (deps.vod === undefined) throw new TributaryError("request.not_found", "this deployment takes no uploads");
  return deps.vod;
}

export function uploadRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const ctx = recordContext(deps);
  app.post("/", requireScope("write"), (c) =>
    idempotent(c, deps, async () => {
      const vod = vodOf(deps);
      const defaults = vod.defaults ?? defaultVodDefaults;
      const body = await jsonBody(c, uploadCreateSchema);
      const tenantId = tenantOf(c);
      if (body.recordingOf !== undefined && (await getStream(ctx, tenantId, body.recordingOf)) === undefined) {
        throw new TributaryError("request.invalid", "recordingOf names no stream of yours", { details: { issues: [{ path: "recordingOf", code: "not_found", message: "no such stream" }] } });
      }
      const { upload, token } = await createUpload(ctx, tenantId, {
        name: body.name,
        ladder: body.ladder,
        encryption: body.encryption,
        sourceStreamId: body.recordingOf,
        limits: { maxSizeBytes: body.maxSizeBytes ?? defaults.maxSizeBytes, maxDurationSeconds: body.maxDurationSeconds ?? defaults.maxDurationSeconds },
        expiresInMs: defaults.uploadExpiresInSeconds * 1000,
      });
      const url = await vod.uploads.url(upload, token);
      return c.json({ uploadId: upload.id, assetId: upload.assetId, url, protocol: vod.uploads.protocol, expiresAt: new Date(upload.expiresAt).toISOString() }, 201);
    }),
  );
  // Presigned uploads tell the API when the bytes are in; tus uploads complete by themselves.
  app.post("/:id/complete", requireScope("write"), async (c) => {
    const vod = vodOf(deps);
    const upload = await getUpload(deps.store, tenantOf(c), c.req.param("id"));
    if (upload === undefined) throw new TributaryError("request.not_found", "upload not found");
    if (vod.uploads.protocol === "tus") throw new TributaryError("record.conflict", "tus uploads complete by themselves when their last byte arrives");
    if (upload.state === "complete") throw new TributaryError("record.conflict", "this upload was already completed");
    const staged = await deps.store.head(keys.uploadStaging(upload.id));
    if (staged === undefined) throw new TributaryError("record.conflict", "nothing was uploaded to this upload's URL yet");
    await completeUpload(deps.store, upload.id);
    if (staged.size > upload.limits.maxSizeBytes) {
      await deps.store.delete(keys.uploadStaging(upload.id));
      const error = { code: "media.limit_exceeded", message: `the file is ${staged.size} bytes, over this upload's limit of ${upload.limits.maxSizeBytes}; upload a smaller file or raise maxSizeBytes` };
      await failAsset(deps.store, upload.assetId, error, vod.events);
      throw new TributaryError("media.limit_exceeded", error.message);
    }
    const status = await vod.backend.submit({ assetId: upload.assetId, tenantId: upload.tenantId, mediaId: upload.assetId, source: { kind: "object", key: keys.uploadStaging(upload.id) }, ladder: upload.ladder, limits: upload.limits });
    return c.json({ assetId: upload.assetId, state: status.state });
  });
  return app;
}
