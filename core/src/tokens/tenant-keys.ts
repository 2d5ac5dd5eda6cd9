/**
 * Tokens a tenant signs offline with its own key. The unverified `tid` claim only picks which tenant's
 * public keys to try; after the signature verifies, the playback id must belong to that tenant, so a
 * tenant's key can never open another tenant's media.
 */
import type { JWK } from "jose";
import { z } from "zod";
import { TributaryError } from "../errors.ts";
import { tenantJwks } from "../records/tenant-signing-keys.ts";
import { tenantRecordSchema } from "../records/schemas.ts";
import { readJson } from "../storage/json.ts";
import { readMemo } from "../storage/read-memo.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";

export interface TenantKeySource {
  /** The tenant's public signing keys, or `undefined` for an unknown tenant. */
  jwks(tenantId: string): Promise<{ keys: JWK[] } | undefined>;
  /** The tenant owning a playback id (a media id or a stream id), or `undefined`. */
  ownerOf(playbackId: string): Promise<string | undefined>;
}

const ownerSchema = z.object({ tenantId: z.string() });

/** Reads tenant keys and ownership from storage, each answer kept for `ttlMs` (revocations land within it). */
export function storedTenantKeys(store: ObjectStore, ttlMs = 30_000, now: () => number = Date.now): TenantKeySource {
  const jwks = readMemo<{ keys: JWK[] } | undefined>(ttlMs, now);
  const owners = readMemo<string | undefined>(ttlMs, now);
  return {
    jwks: (tenantId) =>
      jwks(tenantId, async () => {
        const tenant = await readJson(store, keys.tenant(tenantId), tenantRecordSchema);
        return tenant === undefined ? undefined : tenantJwks(tenant.value.signingKeys);
      }),
    ownerOf: (playbackId) =>
      owners(playbackId, async () => {
        for (const key of [keys.mediaRecord(playbackId), keys.stream(playbackId)]) {
          const record = await readJson(store, key, ownerSchema);
          if (record) return record.value.tenantId;
        }
        return undefined;
      }),
  };
}

/** Refuses a tenant-signed token whose playback id belongs to someone else. */
export async function assertTenantOwns(source: TenantKeySource, tenantId: string, playbackId: string): Promise<void> {
  if ((await source.ownerOf(playbackId)) !== tenantId) {
    throw new TributaryError("token.wrong_media", "this tenant's key cannot grant playback of that media");
  }
}
