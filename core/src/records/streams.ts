/**
 * Live stream records (`streams/<id>.json`) with a per-tenant index. Every read and write takes the
 * tenant id and treats another tenant's stream exactly like a missing one.
 */
import { base64url } from "../crypto/bytes.ts";
import { TributaryError } from "../errors.ts";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import { isoNow, type RecordContext } from "./context.ts";
import { newId } from "./ids.ts";
import { streamRecordSchema, type StreamRecord } from "./schemas.ts";
import { issueStreamKey } from "./stream-key.ts";
import { addMarker, listMarkerIds, loadPage, type Page } from "./tenant-index.ts";

/** What a broadcaster may set; everything else is the platform's. */
export type StreamSettings = Partial<Pick<StreamRecord, "name" | "ladder" | "latencyMode" | "recording" | "dvrWindowSeconds" | "reconnectWindowSeconds" | "srtPassphrase" | "encryption" | "keyRotationSegments">>;

export interface StreamWithKey {
  stream: StreamRecord;
  /** The stream key (`sk_…`), shown once. */
  streamKey: string;
}

/** 32 base64url characters: inside libsrt's 10-79, and 192 bits. */
function newPassphrase(ctx: RecordContext): string {
  return base64url(ctx.random.bytes(24));
}

function notFound(streamId: string): TributaryError {
  return new TributaryError("request.not_found", "stream not found", { details: { streamId } });
}

/** Creates a stream with a fresh stream key and, unless given, a generated SRT passphrase. */
export async function createStream(ctx: RecordContext, tenantId: string, settings: StreamSettings & { name: string }): Promise<StreamWithKey> {
  const id = newId(ctx.clock, ctx.random);
  const key = await issueStreamKey(id, ctx.random);
  const srtPassphrase = settings.srtPassphrase ?? newPassphrase(ctx);
  const { value } = await updateJson(
    ctx.store,
    keys.stream(id),
    (current) => {
      if (current !== undefined) throw new TributaryError("record.conflict", "stream id collision", { details: { streamId: id } });
      return streamRecordSchema.parse({ ...settings, id, tenantId, srtPassphrase, createdAt: isoNow(ctx), streamKeyHash: key.hash });
    },
    { schema: streamRecordSchema },
  );
  await addMarker(ctx.store, keys.tenantStream(tenantId, id));
  return { stream: value, streamKey: key.secret };
}

/** The tenant's stream, or `undefined` when it is missing or belongs to another tenant. */
export async function getStream(ctx: Pick<RecordContext, "store">, tenantId: string, streamId: string): Promise<StreamRecord | undefined> {
  const document = await readJson(ctx.store, keys.stream(streamId), streamRecordSchema);
  return document?.value.tenantId === tenantId ? document.value : undefined;
}

export async function listStreams(ctx: Pick<RecordContext, "store">, tenantId: string, page: { cursor?: string | undefined; limit?: number | undefined } = {}): Promise<Page<StreamRecord>> {
  const ids = await listMarkerIds(ctx.store, keys.tenantStreams(tenantId), page);
  return loadPage(ids, (id) => getStream(ctx, tenantId, id));
}

/** Applies `change` to the tenant's stream with compare-and-swap; 404 (`request.not_found`) for another tenant's. */
async function changeStream(ctx: RecordContext, tenantId: string, streamId: string, change: (stream: StreamRecord) => StreamRecord): Promise<StreamRecord> {
  const { value } = await updateJson(
    ctx.store,
    keys.stream(streamId),
    (current) => {
      if (current === undefined || current.tenantId !== tenantId) throw notFound(streamId);
      return change(current);
    },
    { schema: streamRecordSchema },
  );
  return value;
}

export function updateStream(ctx: RecordContext, tenantId: string, streamId: string, settings: StreamSettings): Promise<StreamRecord> {
  const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  return changeStream(ctx, tenantId, streamId, (stream) => ({ ...stream, ...defined }));
}

/**
 * Replaces the stream key and the SRT passphrase (the SRT credential): the old ones stop working at
 * once, since the relay re-checks on every publish.
 */
export async function rotateStreamKey(ctx: RecordContext, tenantId: string, streamId: string): Promise<StreamWithKey> {
  const key = await issueStreamKey(streamId, ctx.random);
  const srtPassphrase = newPassphrase(ctx);
  const stream = await changeStream(ctx, tenantId, streamId, (current) => ({ ...current, streamKeyHash: key.hash, srtPassphrase }));
  return { stream, streamKey: key.secret };
}

/** Deletes the record, then its index marker; media already written stays until its own lifecycle removes it. */
export async function deleteStream(ctx: Pick<RecordContext, "store">, tenantId: string, streamId: string): Promise<void> {
  if ((await getStream(ctx, tenantId, streamId)) === undefined) throw notFound(streamId);
  await ctx.store.delete(keys.stream(streamId));
  await ctx.store.delete(keys.tenantStream(tenantId, streamId));
}
