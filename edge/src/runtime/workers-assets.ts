/**
 * Workers adapter for the pages' `StaticAssets` port: the files `node edge/scripts/build-assets.ts`
 * wrote to edge/dist/assets/, served by the Worker's `[assets]` binding (edge/wrangler.toml). The
 * Worker runs first for every request (`run_worker_first`), so the pages' routes set the headers.
 */
import type { StaticAssets } from "../pages/static-assets.ts";

/** The `ASSETS` binding's one method the edge uses (`Fetcher` in @cloudflare/workers-types). */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

export function workersAssets(binding: AssetsBinding): StaticAssets {
  return {
    async get(name) {
      // The binding serves by path; the host is not looked at.
      const response = await binding.fetch(new Request(`https://assets.invalid/${encodeURIComponent(name)}`));
      if (response.ok) return response;
      await response.body?.cancel();
      return undefined;
    },
  };
}
