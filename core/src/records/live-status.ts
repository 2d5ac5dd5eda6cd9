/** A stream's status comes from the relay's live origin pointer, not from the stream record. */
import { readJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { isPointerCurrent } from "./live-pointer-freshness.ts";
import { liveOriginSchema } from "./schemas.ts";

export type StreamStatus = "idle" | "live" | "reconnecting";

/** Idle when no relay holds the stream: no pointer, an ended one, or one its relay stopped rewriting. */
export async function streamStatus(store: ObjectStore, streamId: string, nowMs: number): Promise<{ status: StreamStatus; mediaId?: string }> {
  const origin = (await readJson(store, keys.liveOrigin(streamId), liveOriginSchema))?.value;
  if (origin === undefined || origin.state === "ended" || !isPointerCurrent(origin, nowMs)) return { status: "idle" };
  return { status: origin.state, mediaId: origin.mediaId };
}
