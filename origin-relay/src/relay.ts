/**
 * The origin relay: RTMP, RTMPS and SRT ingest whose accepted publishers feed one live stream per
 * stream id. RTMP keys are checked against the stream record's hash; SRT callers are checked by libsrt
 * against a credential table kept in step with the records; WHIP publishers present the RTMP stream key
 * as a Bearer token, and WHEP viewers are served from each stream's real-time feed. A stream lives from its first publish to
 * the end of its reconnect window (live/live-stream.ts); ingest health is measured per stream.
 */
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { newId } from "#core/records/ids.ts";
import { authenticateStreamKey } from "#core/records/stream-key.ts";
import { streamRecordSchema, type StreamRecord } from "#core/records/schemas.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { systemTimers, type Timers } from "#core/webhooks/timers.ts";
import type { Logger } from "#core-node/logger.ts";
import type { FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import type { Ladder } from "#core/ladder/types.ts";
import type { ProgressUpdate } from "#transcoder/ffmpeg/progress.ts";
import { HealthMonitor, type StreamHealth } from "./health/health-monitor.ts";
import { IngestMetrics } from "./health/metrics.ts";
import { Broadcast, type LiveSinkFactory } from "./live/broadcast.ts";
import type { BroadcastKeys } from "./live/broadcast-encryption.ts";
import { FlvSource } from "./live/flv-source.ts";
import { LiveStream, type WebhookSink } from "./live/live-stream.ts";
import { OrphanBroadcasts } from "./live/orphan-broadcasts.ts";
import { SrtCredentials } from "./live/srt-credentials.ts";
import { TsSource } from "./live/ts-source.ts";
import { createRtmpServer } from "./rtmp/server.ts";
import type { Authorize, PublishDecision, PublishRequest, RtmpTimeouts } from "./rtmp/session/types.ts";
import type { SrtConnection } from "./srt/connection.ts";
import type { SrtListenerConfig } from "./srt/listener-config.ts";
import { createSrtListener, type SrtListener } from "./srt/listener.ts";
import { KeyframeDecoder } from "#transcoder/thumbnails/keyframe-decoder.ts";
import type { CmafSegment } from "#transcoder/cmaf/types.ts";
import type { StreamMeter } from "./usage/stream-meter.ts";
import { countWriteErrors } from "./metrics/counted-store.ts";
import { RelayCounters } from "./metrics/relay-counters.ts";
import { meteredRenditions, RelayUsage, type RelayUsageOptions } from "./usage/relay-usage.ts";
import { defaultRtcNetwork, type RtcNetwork } from "./webrtc/rtc-peer.ts";
import type { WebrtcEndpoints } from "./webrtc/routes.ts";
import { WhepPlayback } from "./webrtc/whep-playback.ts";
import { WhipIngest } from "./webrtc/whip-ingest.ts";
import { WebrtcMetrics } from "./webrtc/webrtc-metrics.ts";

export interface RelayOptions {
  store: ObjectStore;
  tools: FfmpegTools;
  clock: Clock;
  log: Logger;
  host: string;
  rtmpPort: number;
  /** RTMPS listener; absent means no TLS ingest. */
  tls?: { port: number; cert: string; key: string };
  /** SRT listener (UDP); absent means no SRT ingest. */
  srt?: Partial<SrtListenerConfig> & { port: number; credentialRefreshMs?: number };
  /** Base URL of this relay's origin HTTP server, written into live pointers. */
  originUrl: string;
  relayId?: string;
  liveSinks?: LiveSinkFactory[];
  /** Content keys for encrypted streams (Broadcast option). */
  contentKeys?: BroadcastKeys;
  rtmpTimeouts?: Partial<RtmpTimeouts>;
  webhooks?: WebhookSink;
  /** Reconnect windows run on these; tests pass `ManualTimers`. */
  timers?: Timers;
  /** Milliseconds between ingest health reports. */
  healthIntervalMs?: number;
  thumbnailIntervalSeconds?: number;
  /** Packaged bytes a broadcast may queue for storage before its publisher is paused (Broadcast option). */
  maxStorageBacklogBytes?: number;
  /** Metering: ingest, transcode and record intervals go to `sink`, which the relay flushes when it closes. */
  usage?: RelayUsageOptions;
  /** WebRTC (WHIP and WHEP) transport; ICE gathers on `host` alone unless it is a wildcard. */
  webrtc?: Partial<RtcNetwork>;
  /** Broadcast lifecycle hooks. */
  events?: {
    started?(stream: StreamRecord, mediaId: string, ladder: Ladder): void;
    ended?(stream: StreamRecord, mediaId: string): void;
  };
}

export interface Relay {
  rtmpPort: number;
  rtmpsPort: number | undefined;
  srtPort: number | undefined;
  /** Streams held (live or reconnecting), by stream id. */
  readonly streams: ReadonlyMap<string, LiveStream>;
  /** Ingest health reports and Prometheus gauges, for `health/routes.ts`. */
  readonly health: HealthMonitor;
  readonly metrics: IngestMetrics;
  /** Publishers, origin requests, failed writes and ffmpeg restarts (Prometheus, and CloudWatch on AWS). */
  readonly counters: RelayCounters;
  /** WHIP ingest and WHEP playback, for the relay's HTTP server (webrtc/routes.ts). */
  readonly webrtc: WebrtcEndpoints;
  /** Re-reads the stream records into the SRT credential table now. */
  refreshSrtCredentials(): Promise<void>;
  close(): Promise<void>;
}

type Acquired = { ok: true; live: LiveStream } | { ok: false; reason: string };

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const { clock, log } = options;
  const relayId = options.relayId ?? newId(clock);
  const streams = new Map<string, LiveStream>();
  const metrics = new IngestMetrics();
  const counters = new RelayCounters(metrics.registry, () => [...streams.values()].filter((live) => live.state === "live").length);
  const store = countWriteErrors(options.store, () => counters.storageWriteError());
  const health = new HealthMonitor({ store, clock, log: log.child({ part: "health" }), metrics, ...(options.healthIntervalMs ? { intervalMs: options.healthIntervalMs } : {}) });
  health.start();
  // One long-lived decoder makes every stream's thumbnails: no process spawned per picture.
  const keyframeDecoder = new KeyframeDecoder(options.tools.ffmpeg);
  const usage = options.usage === undefined ? undefined : new RelayUsage({ ...options.usage, clock, newId: () => newId(clock) });

  const context = {
    store,
    clock,
    log,
    timers: options.timers ?? systemTimers(clock),
    newId: () => newId(clock),
    pointer: { originUrl: options.originUrl, relayId },
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    health,
    ...(usage ? { meter: (stream: StreamRecord, mediaId: string) => usage.meter({ id: stream.id, tenantId: stream.tenantId, recording: stream.recording }, mediaId) } : {}),
    onEnded: (live: LiveStream) => {
      if (streams.get(live.stream.id) === live) streams.delete(live.stream.id);
      options.events?.ended?.(live.stream, live.mediaId);
    },
    createBroadcast: (stream: StreamRecord, mediaId: string, events: { onFirstSegment: () => void; health: StreamHealth | undefined; meter: StreamMeter | undefined }) =>
      new Broadcast({
        store,
        stream,
        mediaId,
        tools: options.tools,
        clock,
        log,
        keyframeDecoder,
        ...(options.liveSinks ? { liveSinks: options.liveSinks } : {}),
        ...(options.contentKeys ? { contentKeys: options.contentKeys } : {}),
        ...(options.thumbnailIntervalSeconds !== undefined ? { thumbnailIntervalSeconds: options.thumbnailIntervalSeconds } : {}),
        ...(options.maxStorageBacklogBytes !== undefined ? { maxStorageBacklogBytes: options.maxStorageBacklogBytes } : {}),
        onTranscoderRestart: () => counters.transcoderRestart(),
        onStarted: (ladder) => {
          events.meter?.ladder(meteredRenditions(ladder));
          options.events?.started?.(stream, mediaId, ladder);
        },
        ...(events.meter ? { onSegmentStored: (rendition: string, segment: CmafSegment) => events.meter?.segment(rendition, segment.duration / segment.timescale, segment.bytes.byteLength) } : {}),
        onFirstSegment: events.onFirstSegment,
        ...(events.health ? { onProgress: (update: ProgressUpdate) => events.health?.meter.progress(update) } : {}),
      }),
  };

  const orphans = new OrphanBroadcasts({
    store,
    clock,
    timers: context.timers,
    log: log.child({ part: "orphans" }),
    webhooks: options.webhooks,
    self: context.pointer,
    holds: (mediaId) => [...streams.values()].some((live) => live.mediaId === mediaId),
  });
  void orphans.start();

  /** The stream's live state for a new publisher: a new broadcast, or the one waiting in its reconnect window. */
  async function acquire(stream: StreamRecord): Promise<Acquired> {
    const held = streams.get(stream.id);
    if (held?.state === "live" || held?.state === "reconnecting") return { ok: true, live: held };
    if (held !== undefined) await held.end(); // ending: let it finish, then start afresh
    else await orphans.beforeTakeover(stream.id); // a broadcast left by a relay that died is ended, not overwritten
    const live = new LiveStream(context, stream);
    streams.set(stream.id, live);
    try {
      await live.begin();
    } catch (error) {
      streams.delete(stream.id);
      throw error;
    }
    return { ok: true, live };
  }

  const authorize: Authorize = async (request: PublishRequest): Promise<PublishDecision> => {
    const stream = await authenticateStreamKey(store, request.streamName);
    if (!stream) return { ok: false, reason: "stream key not accepted" };
    const acquired = await acquire(stream);
    if (!acquired.ok) return acquired;
    const { live } = acquired;
    // The RTMP server has already let this publish take over a silent one, if there was one.
    const { target, token } = live.attach();
    const source = new FlvSource(target, health.track(stream.id).meter);
    health.track(stream.id).codecs = () => source.codecInfo;
    // Storage behind: stop reading this publisher (its encoder waits) rather than grow memory or drop media.
    const unsubscribe = live.broadcast.onStoragePressure((behind) => (behind ? request.flow.pause() : request.flow.resume()));
    log.info({ streamId: stream.id, mediaId: live.mediaId, remoteAddress: request.remoteAddress, secure: request.secure, protocol: "rtmp" }, "publish accepted");
    return {
      ok: true,
      streamId: stream.id,
      handlers: {
        onTag: (tag) => source.onTag(tag),
        onMetadata: (metadata) => source.observeMetadata(metadata),
        onEnd: (reason, detail) => {
          unsubscribe();
          log.info({ streamId: stream.id, mediaId: live.mediaId, reason, detail }, "publish ended");
          void live.publisherLeft(reason, token);
        },
      },
    };
  };

  const wildcard = options.host === "0.0.0.0" || options.host === "::";
  const network: RtcNetwork = { ...defaultRtcNetwork, hostAddresses: wildcard ? [] : [options.host], ...options.webrtc };
  const webrtcLog = log.child({ part: "webrtc" });
  const webrtc: WebrtcEndpoints = {
    whip: new WhipIngest({
      store,
      clock,
      timers: context.timers,
      log: webrtcLog,
      health,
      network,
      acquire: async (stream) => {
        if (streams.get(stream.id)?.state === "live") throw new TributaryError("record.conflict", "the stream is already publishing");
        const acquired = await acquire(stream);
        if (!acquired.ok) throw new TributaryError("record.conflict", acquired.reason);
        return acquired.live;
      },
    }),
    whep: new WhepPlayback({
      clock,
      timers: context.timers,
      log: webrtcLog,
      network,
      feed: (mediaId) => [...streams.values()].find((live) => live.mediaId === mediaId && live.state === "live")?.realtime,
      onViewerLeft: (_mediaId, deliveredSeconds) => webrtcMetrics.viewerLeft(deliveredSeconds),
    }),
  };
  const webrtcMetrics = new WebrtcMetrics(metrics.registry, { publishers: () => webrtc.whip.resources.size, viewers: () => webrtc.whep.viewers });

  const server = createRtmpServer({ authorize, logger: log, clock, ...(options.rtmpTimeouts ? { timeouts: options.rtmpTimeouts } : {}) });
  const rtmpPort = await server.listen({ port: options.rtmpPort, host: options.host });
  const rtmpsPort = options.tls ? await server.listenTls({ port: options.tls.port, host: options.host, cert: options.tls.cert, key: options.tls.key }) : undefined;
  const srt = options.srt ? await startSrt(options.srt) : undefined;

  async function startSrt(config: NonNullable<RelayOptions["srt"]>): Promise<{ listener: SrtListener; credentials: SrtCredentials }> {
    const { credentialRefreshMs, ...listenerConfig } = config;
    const listener = createSrtListener({
      host: options.host,
      ...listenerConfig,
      authorize: async (request) => {
        const stream = (await readJson(store, keys.stream(request.streamId), streamRecordSchema))?.value;
        if (stream === undefined) return { ok: false, reason: "no such stream" };
        return streams.get(stream.id)?.state === "live" ? { ok: false, reason: "stream is already publishing" } : { ok: true };
      },
      onConnection: (connection) => void onSrtConnection(connection),
      onReject: (rejection) => {
        log.info({ peer: rejection.peer, code: rejection.code, reason: rejection.reason }, "SRT caller refused");
        if (rejection.reason === "unknown-stream") void credentials.refresh();
      },
    });
    const credentials = new SrtCredentials(store, listener, log, { refreshMs: credentialRefreshMs ?? 5_000, maxStreams: 10_000 });
    await credentials.start();
    return { listener, credentials };
  }

  async function onSrtConnection(connection: SrtConnection): Promise<void> {
    const stream = (await readJson(store, keys.stream(connection.streamId), streamRecordSchema))?.value;
    const acquired = stream === undefined ? ({ ok: false, reason: "no such stream" } as const) : await acquire(stream);
    if (!acquired.ok || stream === undefined) {
      log.info({ streamId: connection.streamId, reason: acquired.ok ? "" : acquired.reason }, "SRT publish refused");
      connection.close();
      return;
    }
    const { live } = acquired;
    const meter = health.track(stream.id);
    const { target, token } = live.attach();
    const source = new TsSource(target, meter.meter);
    meter.codecs = () => source.codecInfo;
    log.info({ streamId: stream.id, mediaId: live.mediaId, peer: connection.peer, protocol: "srt" }, "publish accepted");
    connection.media.on("data", (chunk: Buffer) => source.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    const reason = await connection.ended;
    log.info({ streamId: stream.id, mediaId: live.mediaId, reason }, "publish ended");
    await live.publisherLeft(reason, token);
  }

  return {
    rtmpPort,
    rtmpsPort,
    srtPort: srt?.listener.port,
    streams,
    health,
    metrics,
    counters,
    webrtc,
    refreshSrtCredentials: () => srt?.credentials.refresh() ?? Promise.resolve(),
    async close() {
      const orphansDone = orphans.stop();
      srt?.credentials.stop();
      await Promise.all([server.close(), srt?.listener.close(), webrtc.whip.close(), webrtc.whep.close()]);
      await Promise.all([...streams.values()].map((live) => live.end()));
      await orphansDone;
      await keyframeDecoder.close();
      await health.close();
      // Every broadcast has ended, so its last intervals are in the sink: written now, before the process goes.
      await usage?.close();
    },
  };
}
