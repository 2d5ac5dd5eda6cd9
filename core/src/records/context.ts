/** What every repository function needs: the store, and injected time and randomness. */
import type { Clock, Random } from "../clock.ts";
import type { ObjectStore } from "../storage/object-store.ts";

export interface RecordContext {
  store: ObjectStore;
  clock: Clock;
  random: Random;
}

/** The context's clock as an ISO timestamp, the form every record stores. */
export function isoNow(ctx: Pick<RecordContext, "clock">): string {
  return new Date(ctx.clock.now()).toISOString();
}
