/**
 * `Idempotency-Key` on creates: the same key with the same body within 24 h returns the first
 * response; with another body it is a 422. Stored at `idempotency/<tenant>/<hash>` where the hash
 * covers the key, method and path. A pending marker written create-only makes a concurrent repeat
 * a 409 instead of a second create.
 */
import type { Context } from "hono";
import { z } from "zod";
import { hex, sha256 } from "#core/crypto/bytes.ts";
import { TributaryError, isTributaryError } from "#core/errors.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import type { ApiDeps } from "./api-deps.ts";
import type { ApiEnv } from "./auth.ts";
import { tenantOf } from "./auth.ts";

export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

const recordSchema = z.object({
  bodyHash: z.string(),
  createdAt: z.number(),
  response: z.object({ status: z.number().int(), body: z.string() }).optional(),
});
type IdempotencyRecord = z.infer<typeof recordSchema>;

/** Runs `create` once per Idempotency-Key; without the header it simply runs. */
export async function idempotent(c: Context<ApiEnv>, deps: ApiDeps, create: () => Promise<Response>): Promise<Response> {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return create();
  if (key.length < 1 || key.length > 255) throw new TributaryError("request.invalid", "Idempotency-Key must be 1-255 characters", { details: { issues: [{ path: "Idempotency-Key", code: "too_big", message: "1-255 characters" }] } });
  const objectKey = keys.idempotency(tenantOf(c), hex(await sha256(`${c.req.method} ${c.req.path} ${key}`)));
  // Hono keeps the body once read, so the route can still parse it.
  const bodyHash = hex(await sha256(await c.req.text()));
  const now = deps.clock.now();
  const existing = await readJson(deps.store, objectKey, recordSchema);
  const fresh = existing !== undefined && now - existing.value.createdAt < IDEMPOTENCY_WINDOW_MS;
  if (fresh) return replay(existing.value, bodyHash);
  const pending: IdempotencyRecord = { bodyHash, createdAt: now };
  try {
    await deps.store.put(objectKey, JSON.stringify(pending), existing === undefined ? { ifNoneMatch: "*" } : { ifMatch: existing.etag });
  } catch (error) {
    if (!isTributaryError(error, "storage.precondition_failed")) throw error;
    const winner = await readJson(deps.store, objectKey, recordSchema);
    if (winner === undefined) throw error;
    return replay(winner.value, bodyHash);
  }
  let response: Response;
  try {
    response = await create();
  } catch (error) {
    await deps.store.delete(objectKey);
    throw error;
  }
  const body = await response.clone().text();
  await deps.store.put(objectKey, JSON.stringify({ ...pending, response: { status: response.status, body } }), { contentType: "application/json" });
  return response;
}

function replay(record: IdempotencyRecord, bodyHash: string): Response {
  if (record.bodyHash !== bodyHash) throw new TributaryError("request.idempotency_mismatch", "Idempotency-Key was already used with another body");
  if (record.response === undefined) throw new TributaryError("record.conflict", "a request with this Idempotency-Key is still in progress");
  return new Response(record.response.body, { status: record.response.status, headers: { "content-type": "application/json", "cache-control": "no-store", "idempotent-replayed": "true" } });
}
