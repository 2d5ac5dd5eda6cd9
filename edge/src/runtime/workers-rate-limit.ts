/**
 * The API's rate limit on Cloudflare: the Workers Rate Limiting binding (`[[ratelimits]]` named
 * `API_RATE_LIMIT` in the wrangler config), which counts each key per Cloudflare location across
 * every isolate there. It answers allowed or not; a refused request waits the binding's period.
 */
import type { RateLimiter } from "../api/rate-limit.ts";

/** The binding's shape (workers-types `RateLimit`). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The configured period of `API_RATE_LIMIT` in edge/wrangler.toml and the generated deploy config. */
export const API_RATE_LIMIT = { limit: 600, periodSeconds: 60 } as const;

export function workersRateLimiter(binding: RateLimitBinding, periodSeconds: number = API_RATE_LIMIT.periodSeconds): RateLimiter {
  return {
    async take(key) {
      const { success } = await binding.limit({ key });
      return success ? 0 : periodSeconds;
    },
  };
}
