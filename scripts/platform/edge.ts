/** The edge on Node as `npm start` runs it: storage origin, relay routing, memory cache, batched usage. */
import { systemClock, cryptoRandom } from "#core/clock.ts";
import type { TributaryConfig } from "#core/config/schema.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { storedTenantKeys } from "#core/tokens/tenant-keys.ts";
import { newId } from "#core/records/ids.ts";
import { loadMasterKey } from "#core-node/content-key-master.ts";
import { NdjsonUsageSink } from "#core-node/usage-ndjson-sink.ts";
import type { Logger } from "#core-node/logger.ts";
import { createEdgeApp } from "#edge/app.ts";
import { MemoryLruCache } from "#edge/cache/memory-lru-cache.ts";
import { defaultOriginPolicy } from "#edge/live/origin-policy.ts";
import { RelayOrigin } from "#edge/live/relay-origin.ts";
import { nodeViewer, startNodeEdge } from "#edge/runtime/node.ts";
import { nodeAssets } from "#edge/runtime/node-assets.ts";
import { tusUploadTarget } from "#edge/api/vod-deps.ts";
import { QueuedTranscodeBackend } from "#core/vod/queued-backend.ts";
import { outboxAssetEvents } from "#core/vod/outbox-events.ts";
import type { TranscodeBackend } from "#core/vod/transcode-backend.ts";
import type { FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import { ffmpegFrameRenderer } from "#transcoder/thumbnails/frame-at.ts";
import { createTusEndpoint } from "#transcoder/vod/uploads/tus-endpoint.ts";
import { createTusStorage } from "#transcoder/vod/uploads/tus-storage.ts";
import { openUsageEngine } from "./usage-engine.ts";
import { whipBaseUrl } from "./whip-url.ts";

export interface RunningEdge {
  url: string;
  close(): Promise<void>;
}

/** Where uploads are tus'd to, beside the app on the edge's port. */
const UPLOADS_PATH = "/uploads/tus";
/** An upload request that sends nothing for this long is dropped; tus clients resume from the last byte. */
const UPLOAD_IDLE_MS = 60_000;
const UPLOAD_SWEEP_MS = 5 * 60_000;

export interface EdgeVodParts {
  tools: FfmpegTools;
  /** The worker, when it runs in this process; otherwise jobs go to the queue in storage. */
  backend?: TranscodeBackend;
}

export async function startEdge(config: TributaryConfig, store: ObjectStore, log: Logger, publicUrl: string, vodParts: EdgeVodParts): Promise<RunningEdge> {
  const events = outboxAssetEvents(store, (error) => log.warn({ err: error }, "asset event not written"));
  const backend = vodParts.backend ?? new QueuedTranscodeBackend({ store, clock: systemClock, events });
  const expiresInMs = config.vod.uploadExpiresInSeconds * 1000;
  const tus = createTusEndpoint({
    store,
    clock: systemClock,
    storage: await createTusStorage(config.storage ?? { kind: "fs", root: config.dataDir }, config.dataDir, expiresInMs),
    publicBase: `${publicUrl}${UPLOADS_PATH}`,
    path: UPLOADS_PATH,
    ffprobe: vodParts.tools.ffprobe,
    backend,
    events,
    log: log.child({ part: "uploads" }),
  });
  const usage = new NdjsonUsageSink({ store, clock: systemClock, instance: newId(), flushIntervalMs: config.usage.batchWindowSeconds * 1000, onError: (error) => log.warn({ err: error }, "usage flush failed") });
  const usageEngine = await openUsageEngine(config, store);
  const app = createEdgeApp({
    store,
    keys: storedPlaybackKeys(store),
    tenantKeys: storedTenantKeys(store),
    clock: systemClock,
    viewer: nodeViewer(false),
    usage,
    contentKeys: new ContentKeyStore(store, await loadMasterKey(config), systemClock),
    cache: new MemoryLruCache({ maxBytes: config.edge.cacheMegabytes * 1024 * 1024, clock: systemClock }),
    relay: new RelayOrigin({ store, clock: systemClock, policy: defaultOriginPolicy, followPlaylists: true }),
    assets: nodeAssets(),
    frames: ffmpegFrameRenderer(vodParts.tools.ffmpeg),
    api: {
      publicUrl,
      random: cryptoRandom,
      webhookTargets: { allowPrivateTargets: config.webhooks.allowPrivateTargets },
      usageEngine,
      defaultPrices: config.billing.prices,
      vod: {
        backend,
        uploads: tusUploadTarget(publicUrl, UPLOADS_PATH),
        defaults: { maxSizeBytes: config.vod.maxSizeBytes, maxDurationSeconds: config.vod.maxDurationSeconds, uploadExpiresInSeconds: config.vod.uploadExpiresInSeconds },
        sources: { allowPrivateTargets: config.vod.allowPrivateSources, setting: "vod.allowPrivateSources" },
        events,
      },
      ingest: { publicHost: config.relay.publicHost, rtmpPort: config.relay.rtmpPort, rtmpsPort: config.relay.rtmpsPort, srtPort: config.relay.srtPort, whipBaseUrl: whipBaseUrl(config) },
    },
  });
  const server = await startNodeEdge(app, { host: config.edge.host, port: config.edge.port, mounts: [{ ...tus, idleMs: UPLOAD_IDLE_MS }] });
  const sweepUploads = () => void tus.sweep().catch((error: unknown) => log.warn({ err: error }, "upload sweep failed"));
  // Once at start (what a stopped process left) and then every few minutes.
  sweepUploads();
  const sweep = setInterval(sweepUploads, UPLOAD_SWEEP_MS);
  sweep.unref();
  return {
    url: server.url,
    async close() {
      clearInterval(sweep);
      await server.close();
      await usage.close();
      await usageEngine.close();
    },
  };
}
