/** What the broadcaster API is built from. */
import type { Clock, Random } from "#core/clock.ts";
import type { PriceBook } from "#core/billing/price-book.ts";
import type { UsageQueryEngine } from "#core/billing/usage-query-engine.ts";
import type { OutboundPolicy } from "#core/net/outbound-target.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { RateLimiter, RateLimitPolicy } from "./rate-limit.ts";
import type { VodApi } from "./vod-deps.ts";

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
  /** Uploads and URL ingest (`/uploads`, `POST /assets`); absent: assets are read-only. */
  vod?: VodApi;
  random?: Random;
  /**
   * Runs usage and invoice queries: DuckDB on Node (core/node/duckdb-usage-engine.ts), Athena at
   * scale. Without one (the Workers edge) those routes answer `usage.engine_unavailable`.
   */
  usageEngine?: UsageQueryEngine;
  /** Prices for tenants without a price book of their own (config `billing.prices`). */
  defaultPrices?: PriceBook;
  /** The tenant whose admin keys see every tenant's usage and invoices; default `local`, the platform's own. */
  operatorTenantId?: string;
}

export interface ApiDeps extends ApiSettings {
  store: ObjectStore;
  clock: Clock;
}
