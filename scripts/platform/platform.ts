/**
 * The platform's composition root: builds every part from one config and starts what the role asks
 * for. `npm start` and the end-to-end tests both come through here. Each role's code is imported only
 * by a process that runs the role, so a relay process does not hold the edge and the other way round.
 */
import type { TributaryConfig } from "#core/config/schema.ts";
import { cryptoRandom, systemClock } from "#core/clock.ts";
import type { RecordContext } from "#core/records/context.ts";
import { ensureLocalTenant } from "#core/records/tenants.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { ensureKeyring } from "#core/tokens/keyring-store.ts";
import type { Keyring } from "#core/tokens/signing-keys.ts";
import { createLogger, type Logger } from "#core-node/logger.ts";
import { NdjsonUsageSink } from "#core-node/usage-ndjson-sink.ts";
import { newId } from "#core/records/ids.ts";
import { locateFfmpeg, type FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import type { Relay, RelayOptions } from "#relay/relay.ts";
import { WebhookDispatcher } from "#core/webhooks/dispatcher.ts";
import type { SecretsOptions } from "#core-node/secrets.ts";
import { loadMasterKey } from "#core-node/content-key-master.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import { localKeyProvider } from "#core/drm/local-key-provider.ts";
import { nodeWebhookTransport } from "#core-node/webhook-transport.ts";
import { adoptBootstrapAdminKey, openConfiguredStore } from "./bootstrap.ts";
import { resolvePorts } from "./ports.ts";
import { startTranscodeWorker, type WorkerPolicy } from "./transcode-worker.ts";
import type { TranscodeBackend } from "#core/vod/transcode-backend.ts";
import { outboxAssetEvents } from "#core/vod/outbox-events.ts";
import { publishRelayMetrics } from "./relay-metrics.ts";

/** What every way of running the platform (in one process, or supervised children) has prepared. */
export interface PreparedPlatform {
  config: TributaryConfig;
  store: ObjectStore;
  keyring: Keyring;
  log: Logger;
  records: RecordContext;
  tools: FfmpegTools;
  /** The local tenant's admin API key, on the first start only. */
  adminKey: string | undefined;
}

export interface RunningPlatform extends PreparedPlatform {
  /** Base URL of the edge, when this process runs it. */
  edgeUrl: string | undefined;
  relay: Relay | undefined;
  close(): Promise<void>;
}

export interface PlatformOptions {
  store?: ObjectStore;
  log?: Logger;
  /** Secrets Manager client settings (tests point it at a local peer). */
  secrets?: SecretsOptions;
  /** Relay options beyond the config file (tests: health interval, thumbnails, timers, webhook sink). */
  relay?: Partial<Pick<RelayOptions, "healthIntervalMs" | "thumbnailIntervalSeconds" | "timers" | "webhooks" | "maxStorageBacklogBytes" | "webrtc">>;
  /** Transcode worker timing beyond the config file (tests: poll and renewal intervals). */
  worker?: Partial<WorkerPolicy>;
}

export async function startPlatform(configured: TributaryConfig, options: PlatformOptions = {}): Promise<RunningPlatform> {
  const config = await resolvePorts(configured);
  const log = options.log ?? createLogger("tributary", config.logLevel);
  const store = options.store ?? (await openConfiguredStore(config, options.secrets));
  const records: RecordContext = { store, clock: systemClock, random: cryptoRandom };
  const keyring = await ensureKeyring(store);
  const { adminKey } = await ensureLocalTenant(records);
  await adoptBootstrapAdminKey(config, records, options.secrets);
  const tools = await locateFfmpeg({ ffmpegPath: config.ffmpeg.path, ffprobePath: config.ffmpeg.ffprobePath });
  const closers: (() => Promise<void>)[] = [];
  let edgeUrl: string | undefined;
  let relay: Relay | undefined;
  let transcoder: TranscodeBackend | undefined;

  if (config.vod.backend === "mediaconvert") {
    const { mediaConvertBackend } = await import("./mediaconvert.ts");
    transcoder = await mediaConvertBackend(config, store, outboxAssetEvents(store, (error) => log.warn({ err: error }, "asset event not written")), tools.ffprobe);
  }

  if (config.role === "all" || config.role === "relay") {
    const [{ startRelay }, { loadTlsMaterial }, { createLiveOrigin }, { InventorySchedule }] = await Promise.all([
      import("#relay/relay.ts"),
      import("#relay/tls/local-certificate.ts"),
      import("./live-origin.ts"),
      import("#relay/usage/inventory-schedule.ts"),
    ]);
    const tls = await loadTlsMaterial({ certFile: config.relay.tlsCertFile, keyFile: config.relay.tlsKeyFile, dataDir: config.dataDir, hostName: config.relay.publicHost });
    const origin = createLiveOrigin(config, store, log.child({ part: "origin" }));
    closers.push(origin.close);
    // The relay works the webhook outbox: what an earlier run left due goes out first.
    const webhooks = new WebhookDispatcher({
      store,
      transport: nodeWebhookTransport({ allowPrivateTargets: config.webhooks.allowPrivateTargets }),
      onError: (error) => log.warn({ err: error }, "webhook dispatcher failed"),
    });
    webhooks.start();
    closers.push(() => webhooks.close());
    const relayId = newId();
    // Closed after the relay (closers run in reverse): the relay's last intervals are written before the process goes.
    const usage = new NdjsonUsageSink({ store, clock: systemClock, instance: relayId, flushIntervalMs: config.usage.batchWindowSeconds * 1000, onError: (error) => log.warn({ err: error }, "usage flush failed") });
    closers.push(() => usage.close());
    const contentKeys = { store: new ContentKeyStore(store, await loadMasterKey(config, options.secrets), systemClock), provider: localKeyProvider() };
    // The relay machine runs the VOD transcodes too (unless MediaConvert does); jobs an earlier run left in the queue go first.
    if (transcoder === undefined) {
      const worker = startTranscodeWorker(config, { store, tools, log: log.child({ part: "vod" }), events: options.relay?.webhooks ?? webhooks, usage, contentKeys, ...(options.worker ? { policy: options.worker } : {}) });
      transcoder = worker;
      closers.push(() => worker.close());
    }
    relay = await startRelay({
      store,
      tools,
      clock: systemClock,
      log: log.child({ part: "relay" }),
      host: config.relay.host,
      rtmpPort: config.relay.rtmpPort,
      tls: { port: config.relay.rtmpsPort, ...tls },
      originUrl: `http://${config.relay.publicHost}:${config.relay.httpPort}`,
      liveSinks: [origin.sinks],
      contentKeys,
      srt: { port: config.relay.srtPort },
      webhooks,
      relayId,
      usage: { sink: usage, intervalMs: config.usage.meterIntervalSeconds * 1000, checkpointMs: config.usage.batchWindowSeconds * 1000 },
      ...options.relay,
    });
    closers.push(() => relay?.close() ?? Promise.resolve());
    const inventory = new InventorySchedule({ store, sink: usage, clock: systemClock, log: log.child({ part: "inventory" }), relayId, hourUtc: config.usage.inventoryHourUtc });
    inventory.start();
    closers.push(() => inventory.stop());
    await origin.listen(relay);
    // Closed usage hours become Parquet (docs/usage-at-scale.md); passes over compacted hours only list them.
    const [{ UsageCompactor }, { COMPACTION_DEFAULTS }] = await Promise.all([import("#core-node/usage/usage-compactor.ts"), import("#core-node/usage/usage-compaction-job.ts")]);
    // An hour closes after two batch windows at least, so every writer's last batch of it has landed.
    const graceMs = Math.max(COMPACTION_DEFAULTS.graceMs, 2 * config.usage.batchWindowSeconds * 1000);
    const compactor = new UsageCompactor({ store, clock: systemClock, policy: { ...COMPACTION_DEFAULTS, graceMs }, onError: (error) => log.warn({ err: error }, "usage compaction failed") });
    compactor.start();
    closers.push(() => compactor.close());
    if (config.relay.cloudWatchRegion !== undefined) {
      const publisher = await publishRelayMetrics(relay, config.relay.cloudWatchRegion, log.child({ part: "metrics" }));
      closers.push(() => publisher.close());
    }
    log.info({ rtmp: relay.rtmpPort, rtmps: relay.rtmpsPort, srt: relay.srtPort }, "relay listening");
  }

  if (config.role === "all" || config.role === "edge") {
    const publicUrl = config.edge.publicUrl ?? `http://${config.edge.host}:${config.edge.port}`;
    const { startEdge } = await import("./edge.ts");
    const edge = await startEdge(config, store, log.child({ part: "edge" }), publicUrl, { tools, ...(transcoder ? { backend: transcoder } : {}) });
    edgeUrl = publicUrl;
    closers.push(edge.close);
    log.info({ url: edgeUrl }, "edge listening");
  }

  return {
    config,
    store,
    keyring,
    log,
    records,
    tools,
    adminKey,
    edgeUrl,
    relay,
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
