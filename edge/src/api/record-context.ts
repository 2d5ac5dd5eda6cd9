/** The repositories' context from the API's deps. */
import { cryptoRandom } from "#core/clock.ts";
import type { RecordContext } from "#core/records/context.ts";
import type { ApiDeps } from "./api-deps.ts";

export function recordContext(deps: ApiDeps): RecordContext {
  return { store: deps.store, clock: deps.clock, random: deps.random ?? cryptoRandom };
}
