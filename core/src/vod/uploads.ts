/**
 * Uploads (`assets/uploads/<id>.json`): `POST /api/v1/uploads` creates an asset and an upload with a
 * 128-bit token, of which only the hash is kept. The upload URL carries the id and the token; the
 * receiving end (a tus server on Node, presigned URLs on Workers) opens the upload with both, checked
 * in constant time, before it takes a byte. An upload is single-use (one creation, then only that
 * upload's own bytes), tenant-scoped (it names its tenant's asset and nothing else), capped and expiring.
 */
import type { Encryption } from "../drm/content-key.ts";
import { z } from "zod";
import { issueSecret, verifySecret } from "../crypto/secret.ts";
import { TributaryError } from "../errors.ts";
import { isoNow, type RecordContext } from "../records/context.ts";
import { newId } from "../records/ids.ts";
import { registerMedia } from "../records/media.ts";
import { saveAsset } from "../records/assets.ts";
import type { AssetRecord } from "../records/schemas.ts";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { moveAsset } from "./asset-state.ts";
import type { SourceLimits } from "./transcode-backend.ts";

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const uploadRecordSchema = z.object({
  id,
  tenantId: id,
  assetId: id,
  tokenHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  limits: z.object({ maxSizeBytes: z.number().int().positive(), maxDurationSeconds: z.number().positive() }),
  ladder: z.unknown().optional(),
  encryption: z.string().optional(),
  /** `open` until the one upload is created, `receiving` while bytes arrive, `complete` once all have. */
  state: z.enum(["open", "receiving", "complete"]),
  createdAt: z.string(),
  /** Epoch ms after which the URL answers nothing. */
  expiresAt: z.number(),
});
export type UploadRecord = z.infer<typeof uploadRecordSchema>;

export interface UploadRequest {
  name: string;
  ladder?: unknown;
  encryption?: Encryption | undefined;
  limits: SourceLimits;
  /** The stream this file is a recording of, already checked to be the tenant's. */
  sourceStreamId?: string | undefined;
  expiresInMs: number;
}

export interface CreatedUpload {
  upload: UploadRecord;
  asset: AssetRecord;
  /** Shown once, inside the upload URL. */
  token: string;
}

/** Creates an upload's asset (`created`) and registers its media id to the tenant. */
export async function createAsset(ctx: RecordContext, tenantId: string, request: { name: string; sourceStreamId?: string | undefined; encryption?: Encryption | undefined }): Promise<AssetRecord> {
  const assetId = newId(ctx.clock, ctx.random);
  const createdAt = isoNow(ctx);
  await registerMedia(ctx.store, { id: assetId, tenantId, kind: "vod", assetId, createdAt });
  return saveAsset(ctx, {
    id: assetId,
    tenantId,
    kind: "upload",
    createdAt,
    mediaId: assetId,
    status: "created",
    name: request.name,
    renditions: [],
    encryption: request.encryption ?? "none",
    ...(request.sourceStreamId === undefined ? {} : { sourceStreamId: request.sourceStreamId }),
  });
}

/** Creates the asset and the upload that fills it. */
export async function createUpload(ctx: RecordContext, tenantId: string, request: UploadRequest): Promise<CreatedUpload> {
  const asset = await createAsset(ctx, tenantId, request);
  const uploadId = newId(ctx.clock, ctx.random);
  const createdAt = isoNow(ctx);
  const assetId = asset.id;
  const { secret, hash } = await issueSecret("ut_", ctx.random);
  const upload: UploadRecord = {
    id: uploadId,
    tenantId,
    assetId,
    tokenHash: hash,
    limits: request.limits,
    ...(request.ladder === undefined ? {} : { ladder: request.ladder }),
    ...(request.encryption === undefined ? {} : { encryption: request.encryption }),
    state: "open",
    createdAt,
    expiresAt: ctx.clock.now() + request.expiresInMs,
  };
  await ctx.store.put(keys.upload(uploadId), JSON.stringify(uploadRecordSchema.parse(upload)), { contentType: "application/json", ifNoneMatch: "*" });
  return { upload, asset, token: secret };
}

/** Every refusal looks like a missing upload, so a URL reveals nothing about uploads it does not name. */
function noSuchUpload(): TributaryError {
  return new TributaryError("request.not_found", "no such upload, or its URL expired");
}

/**
 * The upload `token` opens, checked in constant time; throws `request.not_found` for a wrong token,
 * an unknown id, or an expired upload that has not completed.
 */
export async function openUpload(store: ObjectStore, uploadId: string, token: string, now: number): Promise<UploadRecord> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(uploadId)) throw noSuchUpload();
  const upload = (await readJson(store, keys.upload(uploadId), uploadRecordSchema))?.value;
  // Hash even when the upload is missing, so the answer takes as long either way.
  const valid = await verifySecret(token, upload?.tokenHash ?? "sha256:".padEnd(71, "0"));
  if (upload === undefined || !valid) throw noSuchUpload();
  if (upload.state !== "complete" && upload.expiresAt <= now) throw noSuchUpload();
  return upload;
}

/** Takes the upload's one creation: `open → receiving`, and the asset to `uploading`. A second creation is refused. */
export async function beginUpload(store: ObjectStore, uploadId: string): Promise<UploadRecord> {
  const { value } = await updateJson<UploadRecord>(
    store,
    keys.upload(uploadId),
    (current) => {
      if (current?.state !== "open") throw new TributaryError("record.conflict", "this upload URL was already used; create a new upload");
      return { ...current, state: "receiving" };
    },
    { schema: uploadRecordSchema },
  );
  await moveAsset(store, value.assetId, "uploading");
  return value;
}

/** Every byte arrived. */
export async function completeUpload(store: ObjectStore, uploadId: string): Promise<UploadRecord> {
  const { value } = await updateJson<UploadRecord>(store, keys.upload(uploadId), (current) => {
    if (current === undefined) throw noSuchUpload();
    return { ...current, state: "complete" };
  }, { schema: uploadRecordSchema });
  return value;
}

/** The tenant's upload, or `undefined` when missing or another tenant's. */
export async function getUpload(store: ObjectStore, tenantId: string, uploadId: string): Promise<UploadRecord | undefined> {
  const upload = (await readJson(store, keys.upload(uploadId), uploadRecordSchema))?.value;
  return upload?.tenantId === tenantId ? upload : undefined;
}

/** Every upload record, for the sweep that expires abandoned uploads. */
export async function listUploads(store: ObjectStore): Promise<UploadRecord[]> {
  const prefix = keys.upload("x").slice(0, -"x.json".length);
  const uploads: UploadRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix, ...(cursor === undefined ? {} : { cursor }) });
    for (const object of page.objects) {
      const upload = (await readJson(store, object.key, uploadRecordSchema))?.value;
      if (upload !== undefined) uploads.push(upload);
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return uploads;
}

/** Removes an upload's record once it no longer matters (expired, or its job is queued). */
export async function removeUpload(store: ObjectStore, uploadId: string): Promise<void> {
  await store.delete(keys.upload(uploadId));
}
