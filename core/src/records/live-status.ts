/** A stream's status comes from the relay's live origin pointer, not from the stream record. */
import { readJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { liveOriginSchema } from "./schemas.ts";

export type StreamStatus = "idle" | "live" | "reconnecting";

export async function streamStatus(store: ObjectStore, streamId: string): Promise<{ status: StreamStatus; mediaId?: string }> {
  const origin = (await readJson(store, keys.liveOrigin(streamId), liveOriginSchema))?.value;
  if (origin === undefined || origin.state === "ended") return { status: "idle" };
  return { status: origin.state, mediaId: origin.mediaId };
}
