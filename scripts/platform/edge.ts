/** The edge on Node as `npm start` runs it: storage origin, relay routing, memory cache, batched usage. */
import { systemClock, cryptoRandom } from "#core/clock.ts";
import type { TributaryConfig } from "#core/config/schema.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { storedTenantKeys } from "#core/tokens/tenant-keys.ts";
import { newId } from "#core/records/ids.ts";
import { join } from "node:path";
import { DuckDbUsageEngine } from "#core-node/duckdb-usage-engine.ts";
import { NdjsonUsageSink } from "#core-node/usage-ndjson-sink.ts";
import type { Logger } from "#core-node/logger.ts";
import { createEdgeApp } from "#edge/app.ts";
import { MemoryLruCache } from "#edge/cache/memory-lru-cache.ts";
import { defaultOriginPolicy } from "#edge/live/origin-policy.ts";
import { RelayOrigin } from "#edge/live/relay-origin.ts";
import { nodeViewer, startNodeEdge } from "#edge/runtime/node.ts";
import { nodeAssets } from "#edge/runtime/node-assets.ts";

export interface RunningEdge {
  url: string;
  close(): Promise<void>;
}

export async function startEdge(config: TributaryConfig, store: ObjectStore, log: Logger, publicUrl: string): Promise<RunningEdge> {
  const usage = new NdjsonUsageSink({ store, clock: systemClock, instance: newId(), flushIntervalMs: config.usage.batchWindowSeconds * 1000, onError: (error) => log.warn({ err: error }, "usage flush failed") });
  const usageEngine = new DuckDbUsageEngine({ store, dir: join(config.dataDir, "usage-engine"), memoryLimit: config.billing.queryMemoryLimit });
  const app = createEdgeApp({
    store,
    keys: storedPlaybackKeys(store),
    tenantKeys: storedTenantKeys(store),
    clock: systemClock,
    viewer: nodeViewer(false),
    usage,
    cache: new MemoryLruCache({ maxBytes: config.edge.cacheMegabytes * 1024 * 1024, clock: systemClock }),
    relay: new RelayOrigin({ store, clock: systemClock, policy: defaultOriginPolicy, followPlaylists: true }),
    assets: nodeAssets(),
    api: {
      publicUrl,
      random: cryptoRandom,
      webhookTargets: { allowPrivateTargets: config.webhooks.allowPrivateTargets },
      usageEngine,
      defaultPrices: config.billing.prices,
      ingest: { publicHost: config.relay.publicHost, rtmpPort: config.relay.rtmpPort, rtmpsPort: config.relay.rtmpsPort, srtPort: config.relay.srtPort },
    },
  });
  const server = await startNodeEdge(app, { host: config.edge.host, port: config.edge.port });
  return {
    url: server.url,
    async close() {
      await server.close();
      await usage.close();
      await usageEngine.close();
    },
  };
}
