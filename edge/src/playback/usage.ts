/** Builds the one usage record each playback response produces. */
import type { Clock, Random } from "#core/clock.ts";
import { newId } from "#core/records/ids.ts";
import type { Cmcd } from "#core/usage/cmcd.ts";
import { classifyMediaPath, type UsageKind, type UsageRecord } from "#core/usage/usage-record.ts";

export interface UsageFacts {
  /** What was served when the path does not say (key delivery); classified from `path` when absent. */
  kind?: UsageKind;
  mediaId: string;
  path: string;
  tenantId: string | undefined;
  status: number;
  bytes: number;
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

export function usageRecord(facts: UsageFacts, clock: Clock): UsageRecord {
  const now = clock.now();
  const { kind, rendition } = facts.kind === undefined ? classifyMediaPath(facts.path) : { kind: facts.kind, rendition: undefined };
  return {
    id: newId(clock, recordIds),
    at: new Date(now).toISOString(),
    source: "edge",
    tenantId: facts.tenantId,
    mediaId: facts.mediaId,
    kind,
    rendition,
    bytes: facts.bytes,
    status: facts.status,
    cacheHit: facts.cacheHit,
    country: facts.country,
    sessionId: facts.sessionId ?? facts.cmcd?.sid,
    cmcd: facts.cmcd === undefined ? undefined : { ...facts.cmcd },
  };
}
