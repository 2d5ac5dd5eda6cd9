/**
 * Workers entry (`edge/wrangler.toml`, or the config `infra/scripts/deploy.ts` generates): the same edge
 * app on workerd, wired from bindings. Storage is the R2 binding `MEDIA` or the bucket's S3 API
 * (workers-storage.ts). Verification keys are the public JWKS the platform publishes at
 * `system/playback-jwks.json`, re-read every `PLAYBACK_JWKS_TTL_MS`; the optional `PLAYBACK_JWKS`
 * secret pins a fixed JWKS instead. `LIVE_ROUTING=on` routes live media to the relay named by the
 * live pointer in storage; `EDGE_CACHE=off` turns the cache off. `INGEST_HOST` (with `RTMP_PORT`,
 * `RTMPS_PORT`, `SRT_PORT`, `PUBLIC_URL`; workers-api.ts) mounts the broadcaster API at `/api/v1` and
 * `/dashboard`, writing records to the same store the relays use; its rate limits live in the isolate's
 * memory. `ASSETS` (wrangler's `[assets]` binding over edge/dist/assets/) serves the page scripts and
 * player libraries (workers-assets.ts). The `CONTENT_KEY_MASTER` secret (the relays' content-key
 * master secret) turns on key delivery at `/k/`. Environment is read here only. The app is built once per isolate, configuration and (when
 * `PUBLIC_URL` is unset and the API is on) public origin.
 */
import type { Hono } from "hono";
import { systemClock } from "#core/clock.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import { importMasterKey } from "#core/drm/master-key.ts";
import { publicJwksSchema, staticPlaybackKeys, storedPlaybackKeys, type PlaybackKeys } from "#core/tokens/keyring-store.ts";
import { storedTenantKeys } from "#core/tokens/tenant-keys.ts";
import { createEdgeApp } from "../app.ts";
import type { ContentKeyLookup } from "#core/drm/content-key-store.ts";
import { defaultOriginPolicy } from "../live/origin-policy.ts";
import { RelayOrigin } from "../live/relay-origin.ts";
import { logUsageSink } from "../usage/log-usage-sink.ts";
import { apiSettings } from "./workers-api.ts";
import { presignedUploadTarget } from "../api/vod-deps.ts";
import { QueuedTranscodeBackend } from "#core/vod/queued-backend.ts";
import { outboxAssetEvents } from "#core/vod/outbox-events.ts";
import { workersRateLimiter, type RateLimitBinding } from "./workers-rate-limit.ts";
import { workersAssets, type AssetsBinding } from "./workers-assets.ts";
import { workersEdgeCache, type CacheLike } from "./workers-cache.ts";
import { workersStore, type WorkersStorageEnv } from "./workers-storage.ts";
import { workersViewer } from "./workers-viewer.ts";

export interface WorkersEnv extends WorkersStorageEnv {
  /** Optional override of the published keys: a public JWKS, `{"keys": [...]}`. */
  PLAYBACK_JWKS?: string;
  LIVE_ROUTING?: string;
  EDGE_CACHE?: string;
  /** Host encoders publish to; setting it serves the broadcaster API and dashboard. */
  INGEST_HOST?: string;
  RTMP_PORT?: string;
  RTMPS_PORT?: string;
  SRT_PORT?: string;
  /** Base URL of playback links the API hands out; the request's origin when unset. */
  PUBLIC_URL?: string;
  /** The `[assets]` binding: page scripts and player libraries; `/assets/*.js` answer 404 without it. */
  ASSETS?: AssetsBinding;
  /** The content-key master secret (`wrangler secret put CONTENT_KEY_MASTER`); key URLs answer 404 without it. */
  CONTENT_KEY_MASTER?: string;
  /** The `[[ratelimits]]` binding the API counts requests in; per-isolate buckets without it. */
  API_RATE_LIMIT?: RateLimitBinding;
}

/** How long a worker trusts the published JWKS before re-reading it: bounds how late a rotation shows. (A Workers module may export handlers only.) */
const PLAYBACK_JWKS_TTL_MS = 30_000;

/** Apps built in this isolate, by configuration (and origin): a handful, dropped oldest first past the cap. */
const built = new Map<string, Hono>();
const MAX_BUILT = 8;

function playbackKeys(env: WorkersEnv, store: ReturnType<typeof workersStore>): PlaybackKeys {
  if (!env.PLAYBACK_JWKS) return storedPlaybackKeys(store, PLAYBACK_JWKS_TTL_MS);
  const parsed = publicJwksSchema.safeParse(JSON.parse(env.PLAYBACK_JWKS));
  if (!parsed.success) throw new TypeError(`PLAYBACK_JWKS must be a public JWKS {"keys": [...]}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return staticPlaybackKeys(parsed.data);
}

/** The sealed key store, opened on the first key request (deriving the master key is asynchronous). */
function contentKeys(secret: string, store: ReturnType<typeof workersStore>): ContentKeyLookup {
  let opened: Promise<ContentKeyStore> | undefined;
  return {
    byKid: async (mediaId, kid) => {
      opened ??= importMasterKey(secret).then((master) => new ContentKeyStore(store, master, systemClock));
      return (await opened).byKid(mediaId, kid);
    },
  };
}

function appFor(env: WorkersEnv, request: Request): Hono {
  const { MEDIA, ASSETS, API_RATE_LIMIT, ...settings } = env;
  const configured = apiSettings(env, new URL(request.url).origin);
  const api = configured && API_RATE_LIMIT ? { ...configured, rateLimiter: workersRateLimiter(API_RATE_LIMIT) } : configured;
  const fingerprint = JSON.stringify([MEDIA !== undefined, ASSETS !== undefined, API_RATE_LIMIT !== undefined, settings, api?.publicUrl]);
  const known = built.get(fingerprint);
  if (known !== undefined) return known;
  const store = workersStore(env);
  const cache = env.EDGE_CACHE === "off" ? undefined : workersEdgeCache((globalThis as unknown as { caches: { default: CacheLike } }).caches.default);
  const relay = env.LIVE_ROUTING === "on" ? new RelayOrigin({ store, clock: systemClock, policy: defaultOriginPolicy }) : undefined;
  // Uploads go to the bucket with presigned PUTs; a local worker with the same bucket transcodes them.
  const events = outboxAssetEvents(store, (error) => console.error("asset event not written", error));
  const vod = { backend: new QueuedTranscodeBackend({ store, clock: systemClock, events }), uploads: presignedUploadTarget(store, () => systemClock.now()), events };
  const app = createEdgeApp({
    store,
    keys: playbackKeys(env, store),
    tenantKeys: storedTenantKeys(store, PLAYBACK_JWKS_TTL_MS),
    clock: systemClock,
    usage: logUsageSink(),
    viewer: workersViewer,
    ...(cache ? { cache } : {}),
    ...(relay ? { relay } : {}),
    ...(api ? { api: { ...api, vod } } : {}),
    ...(ASSETS ? { assets: workersAssets(ASSETS) } : {}),
    ...(env.CONTENT_KEY_MASTER ? { contentKeys: contentKeys(env.CONTENT_KEY_MASTER, store) } : {}),
  });
  if (built.size >= MAX_BUILT) built.delete(built.keys().next().value as string);
  built.set(fingerprint, app);
  return app;
}

export default {
  fetch(request: Request, env: WorkersEnv): Response | Promise<Response> {
    return appFor(env, request).fetch(request, env);
  },
};
