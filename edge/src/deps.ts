/** What the edge app is built from: every outside thing arrives as a port, wired per runtime. */
import type { Context } from "hono";
import type { Clock } from "#core/clock.ts";
import type { ApiSettings } from "./api/api-deps.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { PlaybackKeys } from "#core/tokens/keyring-store.ts";
import type { TenantKeySource } from "#core/tokens/tenant-keys.ts";
import type { Viewer } from "#core/tokens/access.ts";
import type { UsageSink } from "#core/usage/usage-record.ts";
import type { EdgeCache } from "./cache/edge-cache.ts";
import type { ContentKeyLookup } from "#core/drm/content-key-store.ts";
import type { TokenCacheOptions } from "./cache/token-cache.ts";
import type { MediaStore } from "./storage/media-store.ts";
import type { OriginPolicy } from "./live/origin-policy.ts";
import type { RelayOrigin } from "./live/relay-origin.ts";
import type { StaticAssets } from "./pages/static-assets.ts";
import type { FrameRenderer } from "./playback/frame-renderer.ts";
import type { PlaybackSigner } from "./playback/session-token.ts";
import type { CachePolicy } from "./playback/storage-loader.ts";

export interface EdgeDeps {
  /** The platform's object store (records, and media unless `media` is given). */
  store: ObjectStore;
  /** Where playback reads media from when it differs from `store` (an S3 HTTP origin, the R2 binding). */
  media?: MediaStore;
  keys: PlaybackKeys;
  /** Tenants' own signing keys and media ownership, for tokens tenants sign offline; platform keys only when absent. */
  tenantKeys?: TenantKeySource;
  clock: Clock;
  usage?: UsageSink;
  /** What the runtime knows of the viewer (address from the socket or `CF-Connecting-IP`, country from `request.cf`). */
  viewer: (c: Context) => Viewer;
  /** The broadcaster API at `/api/v1` (edge/src/api/); absent on edges that only serve playback. */
  api?: ApiSettings;
  /** Edge cache for media objects; none when absent. */
  cache?: EdgeCache;
  /** Routes live media to the relay holding it; storage only when absent. */
  relay?: RelayOrigin;
  /** Mints per-session tokens when rewriting top-level manifests; viewers keep their token when absent. */
  signer?: PlaybackSigner;
  originPolicy?: OriginPolicy;
  cachePolicy?: CachePolicy;
  tokenCache?: Partial<TokenCacheOptions>;
  /** Content keys for `/k/` key delivery (the sealed key store); every key URL answers 404 when absent. */
  contentKeys?: ContentKeyLookup;
  /** Decodes `thumbnail.jpg?time=` pictures (ffmpeg on Node); absent on Workers, which serve stored ones only. */
  frames?: FrameRenderer;
  /** Page scripts and player libraries (`/assets/*.js`); see pages/static-assets.ts. */
  assets?: StaticAssets;
}
