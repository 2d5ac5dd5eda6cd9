/**
 * One stream's broadcast on this relay, from the first publish to the end of its reconnect window.
 * A publisher that drops leaves the stream `reconnecting` (pointer state) for the stream's
 * `reconnectWindowSeconds`: playlists stay valid, and a publisher that returns in time continues the
 * same media id. When the window closes the package is finalized, the recording registered, and the
 * stream ends. Webhooks: stream.connected, stream.live, stream.disconnected, stream.ended, recording.ready.
 */
import type { Clock } from "#core/clock.ts";
import { saveAsset } from "#core/records/assets.ts";
import { registerMedia } from "#core/records/media.ts";
import type { LiveOrigin, StreamRecord } from "#core/records/schemas.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { publishAdmissionRetry, retryWrite } from "#core/storage/write-retry.ts";
import type { WebhookEventType } from "#core/webhooks/events.ts";
import type { Timers } from "#core/webhooks/timers.ts";
import type { Logger } from "#core-node/logger.ts";
import type { PackageSummary } from "#transcoder/cmaf/package-writer.ts";
import type { HealthMonitor, StreamHealth } from "../health/health-monitor.ts";
import type { StreamMeter } from "../usage/stream-meter.ts";
import type { Broadcast } from "./broadcast.ts";
import { LivePointer } from "./live-pointer.ts";
import { RealtimeFeed } from "../webrtc/realtime-feed.ts";
import type { SessionTarget } from "./session-input.ts";

/** The part of `WebhookDispatcher` the relay uses. */
export interface WebhookSink {
  enqueue(tenantId: string, type: WebhookEventType, data: Record<string, unknown>): unknown;
}

export interface LiveStreamContext {
  store: ObjectStore;
  clock: Clock;
  log: Logger;
  timers: Timers;
  newId: () => string;
  pointer: Pick<LiveOrigin, "originUrl" | "relayId">;
  createBroadcast: (stream: StreamRecord, mediaId: string, events: { onFirstSegment: () => void; health: StreamHealth | undefined; meter: StreamMeter | undefined }) => Broadcast;
  /** Meters the broadcast's ingest, transcode and record time; no metering when absent. */
  meter?: (stream: StreamRecord, mediaId: string) => StreamMeter;
  webhooks?: WebhookSink;
  health?: HealthMonitor;
  /** Told once the stream has ended and is no longer held. */
  onEnded?: (live: LiveStream) => void;
}

export type LiveStreamState = "live" | "reconnecting" | "ending" | "ended";

export class LiveStream {
  readonly stream: StreamRecord;
  readonly mediaId: string;
  readonly broadcast: Broadcast;
  /** The current publisher's media as it arrives, for WebRTC (WHEP) viewers. */
  readonly realtime = new RealtimeFeed();
  readonly #ctx: LiveStreamContext;
  readonly #health: StreamHealth | undefined;
  readonly #meter: StreamMeter | undefined;
  readonly #startedAt: string;
  readonly #livePointer: LivePointer;
  #state: LiveStreamState = "live";
  #cancelWindow: (() => void) | undefined;
  #ended: Promise<void> | undefined;
  /** Token of the publisher currently attached. */
  #publisher: object | undefined;

  constructor(ctx: LiveStreamContext, stream: StreamRecord) {
    this.#ctx = ctx;
    this.stream = stream;
    this.mediaId = ctx.newId();
    this.#startedAt = new Date(ctx.clock.now()).toISOString();
    this.#livePointer = new LivePointer(ctx);
    this.#health = ctx.health?.track(stream.id);
    this.#meter = ctx.meter?.(stream, this.mediaId);
    this.broadcast = ctx.createBroadcast(stream, this.mediaId, { onFirstSegment: () => this.#webhook("stream.live"), health: this.#health, meter: this.#meter });
    if (this.#health) {
      this.#health.storageBacklog = () => this.broadcast.takeRecentStorageBacklog();
      this.#health.webrtcViewers = () => this.realtime.viewers;
    }
  }

  get state(): LiveStreamState {
    return this.#state;
  }

  /** Registers the media and points the edge here; the first publisher is connected. */
  async begin(): Promise<void> {
    const { store } = this.#ctx;
    try {
      const media = { id: this.mediaId, tenantId: this.stream.tenantId, kind: "live" as const, streamId: this.stream.id, createdAt: this.#startedAt };
      await retryWrite(() => registerMedia(store, media), publishAdmissionRetry);
      await this.#pointer("live");
    } catch (error) {
      this.#meter?.end(); // nothing was metered yet; the meter is let go
      throw error;
    }
    this.#webhook("stream.connected");
  }

  /**
   * A publisher (new, returning, or taking over a silent one) is accepted: returns where its source
   * writes, and the token its `publisherLeft` must present.
   */
  attach(): { target: SessionTarget; token: object } {
    if (this.#state === "ending" || this.#state === "ended") throw new TypeError("LiveStream.attach after the stream ended");
    if (this.#state === "reconnecting") {
      this.#cancelWindow?.();
      this.#cancelWindow = undefined;
      this.#state = "live";
      this.#publisher = undefined; // the one who left is no longer current
      this.#health?.meter.resetTimeline();
      void this.#pointer("live").catch((error: unknown) => this.#ctx.log.warn({ err: error, streamId: this.stream.id }, "live pointer not updated"));
      this.#webhook("stream.connected", { resumed: true });
    }
    if (this.#health) this.#health.state = "live";
    // The publisher becomes the current one when its source opens: a publish the RTMP server refuses
    // after authorizing (the stream is live elsewhere) never opens, so it cannot end the stream.
    const token = {};
    const inner = this.broadcast.session();
    const target: SessionTarget = {
      open: (input, held) => {
        this.#publisher = token;
        this.#meter?.connected();
        this.realtime.reset();
        for (const unit of held) this.realtime.unit(unit);
        inner.open(input, held);
      },
      write: (unit) => {
        if (this.#publisher === token) this.realtime.unit(unit);
        inner.write(unit);
      },
    };
    return { target, token };
  }

  /** The publisher left: flush what it sent, then wait `reconnectWindowSeconds` for it to return. */
  async publisherLeft(reason: string, token: object): Promise<void> {
    // A publisher that was taken over, or never started while another one runs, leaves quietly.
    if (this.#state !== "live" || (this.#publisher !== undefined && token !== this.#publisher)) return;
    this.#state = "reconnecting";
    this.#meter?.disconnected();
    if (this.#health) this.#health.state = "reconnecting";
    this.#webhook("stream.disconnected", { reason });
    const windowMs = this.stream.reconnectWindowSeconds * 1000;
    if (windowMs === 0) return this.end();
    await this.#pointer("reconnecting");
    this.#cancelWindow = this.#ctx.timers.schedule(this.#ctx.clock.now() + windowMs, () => void this.end());
    await this.broadcast.endSession();
  }

  /** Ends now (window over, relay closing): final playlists, recording asset, pointer ended. */
  end(): Promise<void> {
    this.#ended ??= this.#end().catch((error: unknown) => this.#ctx.log.error({ err: error, streamId: this.stream.id, mediaId: this.mediaId }, "broadcast did not finish cleanly"));
    return this.#ended;
  }

  async #end(): Promise<void> {
    this.#cancelWindow?.();
    this.#state = "ending";
    // No heartbeat while finishing: if the ended pointer never lands, the last one goes stale instead of staying live.
    this.#livePointer.stop();
    const summary = await this.broadcast.finish();
    // After finish: the last segments are stored, and counted, before the last interval is emitted.
    this.#meter?.end();
    await this.#pointer("ended");
    this.#state = "ended";
    this.#ctx.health?.untrack(this.stream.id);
    this.#ctx.onEnded?.(this);
    this.#webhook("stream.ended");
    if (this.stream.recording && summary !== undefined && summary.durationSeconds > 0) await this.#saveRecording(summary);
  }

  async #saveRecording(summary: PackageSummary): Promise<void> {
    const assetId = this.#ctx.newId();
    const renditions = summary.renditions.flatMap((r) => (r.kind === "video" && r.width !== undefined && r.height !== undefined ? [{ name: r.name, width: r.width, height: r.height, bandwidth: r.bandwidth }] : []));
    // Written again while the store is unavailable: the recording is stored and must not go unregistered.
    await retryWrite(() => saveAsset(this.#ctx, {
      id: assetId,
      tenantId: this.stream.tenantId,
      kind: "recording",
      createdAt: new Date(this.#ctx.clock.now()).toISOString(),
      mediaId: this.mediaId,
      sourceStreamId: this.stream.id,
      status: "ready",
      durationSeconds: Math.round(summary.durationSeconds * 1000) / 1000,
      encryption: this.stream.encryption,
      renditions,
    }));
    this.#webhook("recording.ready", { assetId });
  }

  async #pointer(state: LiveOrigin["state"]): Promise<void> {
    const { stream } = this;
    await this.#livePointer.write({
      streamId: stream.id,
      mediaId: this.mediaId,
      tenantId: stream.tenantId,
      ...this.#ctx.pointer,
      startedAt: this.#startedAt,
      latencyMode: stream.latencyMode,
      state,
      ...(state === "ended" ? { endedAt: new Date(this.#ctx.clock.now()).toISOString() } : {}),
    });
  }

  #webhook(type: WebhookEventType, extra: Record<string, unknown> = {}): void {
    this.#ctx.log.info({ streamId: this.stream.id, mediaId: this.mediaId, event: type, ...extra }, "stream event");
    this.#ctx.webhooks?.enqueue(this.stream.tenantId, type, { streamId: this.stream.id, mediaId: this.mediaId, ...extra });
  }
}
