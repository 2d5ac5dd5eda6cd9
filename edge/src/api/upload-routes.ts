/** `/uploads`: a single-use, capped, expiring URL to upload one video file to, and the asset it becomes. */
import { Hono } from "hono";
import { TributaryError } from "#core/errors.ts";
import { getStream } from "#core/records/streams.ts";
import { createUpload } from "#core/vod/uploads.ts";
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
  return app;
}
