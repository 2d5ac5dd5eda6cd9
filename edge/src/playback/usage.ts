/** Builds the one usage record each playback response produces. */
import type { Clock, Random } from "#core/clock.ts";
import { newId } from "#core/records/ids.ts";
import type { Cmcd } from "#core/usage/cmcd.ts";
import { classifyMediaPath, type ResolutionTier, type UsageKind, type UsageRecord } from "#core/usage/usage-record.ts";

export interface UsageFacts {
  /** What was served when the path does not say (key delivery); classified from `path` when absent. */
  kind?: UsageKind;
  mediaId: string;
  streamId: string | undefined;
  path: string;
  tenantId: string | undefined;
  status: number;
  bytes: number;
  /** Media seconds in the bytes sent (segments and parts). */
  mediaSeconds: number | undefined;
  tier: ResolutionTier | undefined;
  cacheHit: boolean;
  country: string | undefined;
  sessionId: string | undefined;
  cmcd: Cmcd | undefined;
}

const POOL_BYTES = 4096;

/**
 * Cryptographically random bytes drawn from a pool refilled `POOL_BYTES` at a time: one
 * `getRandomValues` call per few hundred record ids instead of one per response.
 */
export function pooledRandom(poolBytes = POOL_BYTES): Random {
  const pool = new Uint8Array(poolBytes);
  let offset = poolBytes;
  return {
    bytes(length) {
      if (length > poolBytes) return crypto.getRandomValues(new Uint8Array(length));
      if (offset + length > poolBytes) {
        crypto.getRandomValues(pool);
        offset = 0;
      }
      offset += length;
      return pool.slice(offset - length, offset);
    },
  };
}

const recordIds = pooledRandom();

/** The record of one response; fields with nothing to say are left out, so every record parses as `usageRecordSchema`. */
export function usageRecord(facts: UsageFacts, clock: Clock): UsageRecord {
  const now = clock.now();
  const { kind, rendition } = facts.kind === undefined ? classifyMediaPath(facts.path) : { kind: facts.kind, rendition: undefined };
  const record: UsageRecord = {
    id: newId(clock, recordIds),
    at: new Date(now).toISOString(),
    source: "edge",
    mediaId: facts.mediaId,
    kind,
    bytes: facts.bytes,
    status: facts.status,
    cacheHit: facts.cacheHit,
  };
  if (facts.tenantId !== undefined) record.tenantId = facts.tenantId;
  if (facts.streamId !== undefined) record.streamId = facts.streamId;
  if (rendition !== undefined) record.rendition = rendition;
  if (facts.tier !== undefined) record.tier = facts.tier;
  if (facts.mediaSeconds !== undefined) record.mediaSeconds = facts.mediaSeconds;
  if (facts.country !== undefined) record.country = facts.country;
  const sessionId = facts.sessionId ?? facts.cmcd?.sid;
  if (sessionId !== undefined) record.sessionId = sessionId;
  if (facts.cmcd !== undefined) record.cmcd = { ...facts.cmcd };
  return record;
}
