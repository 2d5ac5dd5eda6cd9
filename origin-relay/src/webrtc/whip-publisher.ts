/**
 * One WHIP publisher (RFC 9725): a werift peer that receives H.264 and Opus. RTP becomes access units
 * (RFC 6184 reassembly) and Opus packets with session times, handed to the WhipSource (the broadcast)
 * and the stream's real-time feed. Chrome and most WebRTC encoders send keyframes only when asked,
 * so the relay asks (RTCP PLI, RFC 4585 §6.3.1) once per segment: segments start on keyframes.
 */
import type { MediaStreamTrack, RTCPeerConnection, RtpPacket } from "werift";
import type { Clock } from "#core/clock.ts";
import type { Timers } from "#core/webhooks/timers.ts";
import type { Logger } from "#core-node/logger.ts";
import { H264Depacketizer } from "./h264/rtp-depacketizer.ts";
import { PeerWatch } from "./peer-watch.ts";
import type { RealtimeFeed } from "./realtime-feed.ts";
import { RtpClock } from "./rtp-clock.ts";
import type { WhipSource } from "./whip-source.ts";

export interface WhipPublisherOptions {
  source: WhipSource;
  feed: RealtimeFeed;
  clock: Clock;
  timers: Timers;
  log: Logger;
  /** How often a keyframe is asked for: the broadcast's segment duration, once its ladder is known. */
  keyframeIntervalMs: () => number;
  silenceTimeoutMs: number;
  /** The peer is gone (left, failed, went silent); called once. */
  onGone: (reason: string) => void;
}

export class WhipPublisher {
  readonly #peer: RTCPeerConnection;
  readonly #options: WhipPublisherOptions;
  readonly #watch: PeerWatch;
  readonly #startedAt: number;
  #videoTrack: MediaStreamTrack | undefined;
  #cancelKeyframes: (() => void) | undefined;
  #closed = false;

  /** `tracks`: those the offer already announced (werift reports them while applying it); later ones are heard here. */
  constructor(peer: RTCPeerConnection, tracks: readonly MediaStreamTrack[], options: WhipPublisherOptions) {
    this.#peer = peer;
    this.#options = options;
    this.#startedAt = options.clock.now();
    this.#watch = new PeerWatch(peer, { clock: options.clock, timers: options.timers, silenceTimeoutMs: options.silenceTimeoutMs, onGone: (reason) => this.#gone(reason) });
    for (const track of tracks) this.#onTrack(track);
    peer.onTrack.subscribe((track) => this.#onTrack(track));
    options.feed.requestKeyframe = () => this.#requestKeyframe();
    this.#scheduleKeyframes();
  }

  /** Ends the session (DELETE, or the relay closing); the peer's sockets are closed. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#watch.stop();
    this.#cancelKeyframes?.();
    if (this.#options.feed.requestKeyframe !== undefined) this.#options.feed.requestKeyframe = undefined;
    await this.#peer.close();
  }

  #sessionMs = () => this.#options.clock.now() - this.#startedAt;

  #onTrack(track: MediaStreamTrack): void {
    if (track.kind === "video") {
      this.#videoTrack = track;
      const depacketizer = new H264Depacketizer();
      const clock = new RtpClock(90_000, this.#sessionMs);
      track.onReceiveRtp.subscribe((rtp: RtpPacket) => {
        this.#watch.heard();
        const { header } = rtp;
        for (const unit of depacketizer.push({ payload: rtp.payload, timestamp: header.timestamp, sequenceNumber: header.sequenceNumber, marker: header.marker })) {
          this.#deliver(() => this.#options.source.video(unit.nalUnits, clock.ms(unit.timestamp)));
        }
      });
      this.#requestKeyframe();
    } else {
      const clock = new RtpClock(48_000, this.#sessionMs);
      track.onReceiveRtp.subscribe((rtp: RtpPacket) => {
        this.#watch.heard();
        if (rtp.payload.byteLength === 0) return;
        const ms = clock.ms(rtp.header.timestamp);
        const packet = new Uint8Array(rtp.payload); // a copy: the transport reuses its buffer
        this.#deliver(() => this.#options.source.audio(packet, ms));
        this.#options.feed.opus(packet, ms);
      });
    }
  }

  /** A unit the source cannot use (an unreadable SPS) is dropped, not fatal: the next keyframe may be fine. */
  #deliver(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.#options.log.warn({ err: error }, "WHIP media unit dropped");
    }
  }

  #requestKeyframe(): void {
    const ssrc = this.#videoTrack?.ssrc;
    if (ssrc === undefined || this.#closed) return;
    const receiver = this.#peer.getTransceivers().find((transceiver) => transceiver.kind === "video")?.receiver;
    receiver?.sendRtcpPLI(ssrc).catch(() => undefined);
  }

  #scheduleKeyframes(): void {
    const at = this.#options.clock.now() + this.#options.keyframeIntervalMs();
    this.#cancelKeyframes = this.#options.timers.schedule(at, () => {
      if (this.#closed) return;
      this.#requestKeyframe();
      this.#scheduleKeyframes();
    });
  }

  #gone(reason: string): void {
    if (this.#closed) return;
    this.#options.log.info({ reason }, "WHIP peer gone");
    void this.close().finally(() => this.#options.onGone(reason));
  }
}
