/**
 * WHIP ingest (RFC 9725) on the relay: the Bearer token is the stream key, checked exactly as an RTMP
 * publish's (the key names its stream; the whole key is compared with the stored hash in constant
 * time), with failed attempts rate-limited per address. An accepted publisher enters the stream's
 * live state like any other session: same broadcast, ladder, packaging, recording, health and webhooks.
 */
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { authenticateStreamKey } from "#core/records/stream-key.ts";
import type { StreamRecord } from "#core/records/schemas.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { Timers } from "#core/webhooks/timers.ts";
import type { Logger } from "#core-node/logger.ts";
import type { HealthMonitor } from "../health/health-monitor.ts";
import type { LiveStream } from "../live/live-stream.ts";
import type { MediaStreamTrack } from "werift";
import { FailureLimiter } from "../rtmp/session/failure-limiter.ts";
import { RtcResources } from "./resources.ts";
import { answerOffer, createPeer, type RtcNetwork } from "./rtc-peer.ts";
import { WhipPublisher } from "./whip-publisher.ts";
import { WhipSource } from "./whip-source.ts";

export interface WhipIngestOptions {
  store: ObjectStore;
  clock: Clock;
  timers: Timers;
  log: Logger;
  health: HealthMonitor;
  network: RtcNetwork;
  /** The stream's live state for a new publisher (the relay's, shared with RTMP and SRT). */
  acquire(stream: StreamRecord): Promise<LiveStream>;
}

export interface WhipAnswer {
  id: string;
  etag: string;
  answer: string;
}

export class WhipIngest {
  readonly resources = new RtcResources();
  readonly #options: WhipIngestOptions;
  readonly #failures: FailureLimiter;

  constructor(options: WhipIngestOptions) {
    this.#options = options;
    this.#failures = new FailureLimiter(options.clock);
  }

  /** A publisher's POST: `streamId` from the URL, `streamKey` from `Authorization: Bearer`. */
  async publish(request: { streamId: string; streamKey: string | undefined; offer: string; remoteAddress: string }): Promise<WhipAnswer> {
    const stream = await this.#authenticate(request);
    const { log } = this.#options;
    const peer = createPeer(this.#options.network);
    const tracks: MediaStreamTrack[] = [];
    const { unSubscribe } = peer.onTrack.subscribe((track) => tracks.push(track));
    let answer: string;
    try {
      answer = await answerOffer(peer, request.offer);
    } catch (error) {
      await peer.close();
      throw error;
    }
    unSubscribe();
    const transceivers = peer.getTransceivers().filter((transceiver) => transceiver.codecs.length > 0);
    if (!transceivers.some((transceiver) => transceiver.kind === "video")) {
      await peer.close();
      throw new TributaryError("request.invalid", "SDP offer: no H.264 video to receive", { details: { reason: "codec" } });
    }
    const hasAudio = transceivers.some((transceiver) => transceiver.kind === "audio");
    const live = await this.#options.acquire(stream);
    const meter = this.#options.health.track(stream.id);
    const { target, token } = live.attach();
    const source = new WhipSource(target, { hasAudio, meter: meter.meter });
    meter.codecs = () => source.codecInfo;
    let id = "";
    const publisher = new WhipPublisher(peer, tracks, {
      source,
      feed: live.realtime,
      clock: this.#options.clock,
      timers: this.#options.timers,
      log: log.child({ streamId: stream.id, protocol: "whip" }),
      keyframeIntervalMs: () => (live.broadcast.ladder?.segmentDuration ?? 2) * 1000,
      silenceTimeoutMs: this.#options.network.silenceTimeoutMs,
      onGone: (reason) => {
        this.resources.forget(id);
        void this.#left(live, token, reason);
      },
    });
    const added = this.resources.add(peer, { close: () => this.#close(publisher, live, token) });
    id = added.id;
    log.info({ streamId: stream.id, mediaId: live.mediaId, remoteAddress: request.remoteAddress, protocol: "whip", audio: hasAudio }, "publish accepted");
    return { id, etag: added.etag, answer };
  }

  async close(): Promise<void> {
    await this.resources.closeAll();
  }

  async #authenticate(request: { streamId: string; streamKey: string | undefined; remoteAddress: string }): Promise<StreamRecord> {
    if (!this.#failures.allows(request.remoteAddress)) throw new TributaryError("auth.rate_limited", "too many failed publish attempts", { details: { retryAfterSeconds: 10 } });
    const stream = request.streamKey === undefined ? undefined : await authenticateStreamKey(this.#options.store, request.streamKey);
    if (stream === undefined || stream.id !== request.streamId) {
      this.#failures.penalize(request.remoteAddress);
      throw new TributaryError("auth.unauthorized", "stream key not accepted");
    }
    return stream;
  }

  async #close(publisher: WhipPublisher, live: LiveStream, token: object): Promise<void> {
    await publisher.close();
    await this.#left(live, token, "deleted");
  }

  async #left(live: LiveStream, token: object, reason: string): Promise<void> {
    this.#options.log.info({ streamId: live.stream.id, mediaId: live.mediaId, reason }, "publish ended");
    await live.publisherLeft(reason, token);
  }
}
