/**
 * Whether a live pointer still names a running broadcast: not ended, and rewritten by its relay within
 * the heartbeat contract (platform/layout.ts LIVE_POINTER). A relay that was killed leaves its last
 * pointer `live`; once it is stale, the edge serves the broadcast from storage and status reads idle.
 */
import { LIVE_POINTER } from "../platform/layout.ts";
import type { LiveOrigin } from "./schemas.ts";

export function isPointerCurrent(pointer: LiveOrigin, nowMs: number, staleAfterMs: number = LIVE_POINTER.staleAfterMs): boolean {
  if (pointer.state === "ended") return false;
  const beat = Date.parse(pointer.heartbeatAt ?? pointer.startedAt);
  return nowMs - beat <= staleAfterMs;
}
