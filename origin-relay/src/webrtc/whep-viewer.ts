/**
 * One WHEP viewer: a werift peer that sends the stream's real-time feed as it arrives, H.264
 * packetized per RFC 6184 and Opus packets as they came. Nothing is decoded or re-encoded; a viewer
 * starts at a keyframe, and a picture loss it reports (RTCP PLI) is passed to the publisher.
 */
import { RtpHeader, RtpPacket, type RTCPeerConnection, type RTCRtpSender } from "werift";
import type { Clock } from "#core/clock.ts";
import type { Timers } from "#core/webhooks/timers.ts";
import { packetizeAccessUnit } from "./h264/rtp-packetizer.ts";
import { PeerWatch } from "./peer-watch.ts";
import type { RealtimeAccessUnit, RealtimeFeed, RealtimeViewer } from "./realtime-feed.ts";

export interface WhepViewerOptions {
  feed: RealtimeFeed;
  clock: Clock;
  timers: Timers;
  silenceTimeoutMs: number;
  /** The peer is gone (left, failed, went silent); called once, after its transport is closed. */
  onGone: (reason: string) => void;
}

/** RTP sequence and timestamp for one outgoing track (the sender adds its own random offsets). */
class OutgoingTrack {
  readonly #sender: RTCRtpSender;
  readonly #ticksPerMs: number;
  #sequence = 0;

  constructor(sender: RTCRtpSender, clockRate: number) {
    this.#sender = sender;
    this.#ticksPerMs = clockRate / 1000;
  }

  send(payload: Uint8Array, ms: number, marker: boolean): void {
    const header = new RtpHeader({ sequenceNumber: this.#sequence, timestamp: Math.round(ms * this.#ticksPerMs) >>> 0, marker });
    this.#sequence = (this.#sequence + 1) & 0xffff;
    void this.#sender.sendRtp(new RtpPacket(header, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength))).catch(() => undefined);
  }
}

export class WhepViewer implements RealtimeViewer {
  readonly #peer: RTCPeerConnection;
  readonly #watch: PeerWatch;
  readonly #unsubscribe: () => void;
  readonly #video: OutgoingTrack | undefined;
  readonly #audio: OutgoingTrack | undefined;
  readonly #onGone: (reason: string) => void;
  #started = false;
  #closed = false;
  /** Media milliseconds sent, for usage (delivered seconds). */
  #firstMs: number | undefined;
  #lastMs: number | undefined;

  constructor(peer: RTCPeerConnection, options: WhepViewerOptions) {
    this.#peer = peer;
    this.#onGone = options.onGone;
    this.#watch = new PeerWatch(peer, { clock: options.clock, timers: options.timers, silenceTimeoutMs: options.silenceTimeoutMs, onGone: (reason) => this.#gone(reason) });
    const sender = (kind: "video" | "audio") => peer.getTransceivers().find((transceiver) => transceiver.kind === kind && transceiver.codecs.length > 0)?.sender;
    const video = sender("video");
    const audio = sender("audio");
    this.#video = video === undefined ? undefined : new OutgoingTrack(video, 90_000);
    this.#audio = audio === undefined ? undefined : new OutgoingTrack(audio, 48_000);
    for (const each of [video, audio]) each?.onRtcp.subscribe(() => this.#watch.heard());
    video?.onPictureLossIndication.subscribe(() => options.feed.requestKeyframe?.());
    this.#unsubscribe = options.feed.subscribe(this);
  }

  /** Seconds of media this viewer was sent. */
  get deliveredSeconds(): number {
    return this.#firstMs === undefined || this.#lastMs === undefined ? 0 : (this.#lastMs - this.#firstMs) / 1000;
  }

  video(unit: RealtimeAccessUnit): void {
    if (this.#video === undefined || this.#peer.connectionState !== "connected") return;
    if (!this.#started && !unit.keyframe) return;
    this.#started = true;
    this.#firstMs ??= unit.ms;
    this.#lastMs = unit.ms;
    for (const packet of packetizeAccessUnit(unit.nalUnits)) this.#video.send(packet.payload, unit.ms, packet.marker);
  }

  audio(packet: Uint8Array, ms: number): void {
    if (this.#audio === undefined || this.#peer.connectionState !== "connected") return;
    this.#audio.send(packet, ms, false);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#watch.stop();
    this.#unsubscribe();
    await this.#peer.close();
  }

  #gone(reason: string): void {
    void this.close().finally(() => this.#onGone(reason));
  }
}
