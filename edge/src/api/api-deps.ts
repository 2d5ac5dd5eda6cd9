/** What the broadcaster API is built from. */
import type { Clock, Random } from "#core/clock.ts";
import type { OutboundPolicy } from "#core/net/outbound-target.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { RateLimiter, RateLimitPolicy } from "./rate-limit.ts";

export interface IngestEndpoints {
  /** Host name publishers use to reach the relay. */
  publicHost: string;
  rtmpPort: number;
  rtmpsPort: number;
  srtPort: number;
  /** Base URL of the relay's WHIP endpoint (`<base>/<streamId>`); no WHIP URL is shown when absent. */
  whipBaseUrl?: string;
}

/** The API's own settings; the edge passes these as `EdgeDeps.api`. */
export interface ApiSettings {
  ingest: IngestEndpoints;
  /** Base URL viewers reach the edge at, for playback URLs (e.g. `https://cdn.example.com`). */
  publicUrl: string;
  /** The in-memory buckets' policy, when `rateLimiter` is not given. */
  rateLimit?: RateLimitPolicy;
  /** Where API requests are counted; in-memory token buckets by default. */
  rateLimiter?: RateLimiter;
  /** Which webhook targets may be registered; default: public addresses only (`webhooks.allowPrivateTargets`). */
  webhookTargets?: OutboundPolicy;
  random?: Random;
}

export interface ApiDeps extends ApiSettings {
  store: ObjectStore;
  clock: Clock;
}
