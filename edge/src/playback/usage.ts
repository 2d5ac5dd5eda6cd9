/** Builds the one usage record each playback response produces. */
import type { Clock } from "#core/clock.ts";
import { newId } from "#core/records/ids.ts";
import type { Cmcd } from "#core/usage/cmcd.ts";
import { classifyMediaPath, type UsageRecord } from "#core/usage/usage-record.ts";

export interface UsageFacts {
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

export function usageRecord(facts: UsageFacts, clock: Clock): UsageRecord {
  const now = clock.now();
  const { kind, rendition } = classifyMediaPath(facts.path);
  return {
    id: newId(clock),
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
