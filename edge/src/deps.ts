/** What the edge app is built from: every outside thing arrives as a port, wired per runtime. */
import type { Context } from "hono";
import type { Clock } from "#core/clock.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { PlaybackKeys } from "#core/tokens/keyring-store.ts";
import type { Viewer } from "#core/tokens/access.ts";
import type { UsageSink } from "#core/usage/usage-record.ts";

export interface EdgeDeps {
  store: ObjectStore;
  keys: PlaybackKeys;
  clock: Clock;
  usage?: UsageSink;
  /** What the runtime knows of the viewer (address from the socket or `CF-Connecting-IP`, country from `request.cf`). */
  viewer: (c: Context) => Viewer;
}
