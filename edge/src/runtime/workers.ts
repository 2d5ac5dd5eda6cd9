/**
 * Workers entry (`edge/wrangler.toml`): the same edge app on workerd, wired from bindings. `MEDIA` is
 * the R2 bucket, `PLAYBACK_JWKS` the public JWKS (a secret), `LIVE_ROUTING` turns relay routing on.
 * Environment is read here only. The app is built once per isolate.
 */
import type { Hono } from "hono";
import { systemClock } from "#core/clock.ts";
import { staticPlaybackKeys } from "#core/tokens/keyring-store.ts";
import type { JWK } from "jose";
import { createEdgeApp } from "../app.ts";
import { R2ObjectStore, type R2BucketLike } from "../origin/r2-object-store.ts";
import { defaultOriginPolicy } from "../origin/origin-policy.ts";
import { RelayOrigin } from "../origin/relay-origin.ts";
import { logUsageSink } from "../usage/log-usage-sink.ts";
import { workersEdgeCache, type CacheLike } from "./workers-cache.ts";
import { workersViewer } from "./workers-viewer.ts";

export interface WorkersEnv {
  MEDIA: R2BucketLike;
  PLAYBACK_JWKS: string;
  LIVE_ROUTING?: string;
  EDGE_CACHE?: string;
}

let built: { jwks: string; app: Hono } | undefined;

function appFor(env: WorkersEnv): Hono {
  if (built?.jwks === env.PLAYBACK_JWKS) return built.app;
  const jwks = JSON.parse(env.PLAYBACK_JWKS) as { keys: JWK[] };
  if (!Array.isArray(jwks.keys)) throw new TypeError("PLAYBACK_JWKS must be a JWKS: {\"keys\": [...]}");
  const store = new R2ObjectStore(env.MEDIA);
  const cache = env.EDGE_CACHE === "off" ? undefined : workersEdgeCache((globalThis as unknown as { caches: { default: CacheLike } }).caches.default);
  const relay = env.LIVE_ROUTING === "on" ? new RelayOrigin({ store, clock: systemClock, policy: defaultOriginPolicy }) : undefined;
  const app = createEdgeApp({
    store,
    keys: staticPlaybackKeys(jwks),
    clock: systemClock,
    usage: logUsageSink(),
    viewer: workersViewer,
    ...(cache ? { cache } : {}),
    ...(relay ? { relay } : {}),
  });
  built = { jwks: env.PLAYBACK_JWKS, app };
  return app;
}

export default {
  fetch(request: Request, env: WorkersEnv): Response | Promise<Response> {
    return appFor(env).fetch(request, env);
  },
};
