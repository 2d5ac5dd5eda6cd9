/**
 * When a WebRTC peer is gone: its connection failed or closed, or nothing (RTP or RTCP) arrived for
 * the silence timeout. ICE consent (RFC 7675) lapses in about 30 s; a viewer whose tab closed stops
 * sending receiver reports at once, so the silence timeout frees its transport sooner.
 */
import type { RTCPeerConnection } from "werift";
import type { Clock } from "#core/clock.ts";
import type { Timers } from "#core/webhooks/timers.ts";

export class PeerWatch {
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #timeoutMs: number;
  readonly #onGone: (reason: string) => void;
  #cancel: (() => void) | undefined;
  #heardAt: number;
  #unsubscribe: (() => void) | undefined;
  #gone = false;

  constructor(peer: RTCPeerConnection, options: { clock: Clock; timers: Timers; silenceTimeoutMs: number; onGone: (reason: string) => void }) {
    this.#clock = options.clock;
    this.#timers = options.timers;
    this.#heardAt = options.clock.now();
    this.#timeoutMs = options.silenceTimeoutMs;
    this.#onGone = options.onGone;
    const { unSubscribe } = peer.connectionStateChange.subscribe((state) => {
      if (state === "failed" || state === "closed") this.#end(`connection ${state}`);
    });
    this.#unsubscribe = unSubscribe;
    this.#arm();
  }

  /** Something arrived from the peer: the silence timeout starts again (a timestamp, not a new timer per packet). */
  heard(): void {
    this.#heardAt = this.#clock.now();
  }

  #arm(): void {
    this.#cancel = this.#timers.schedule(this.#heardAt + this.#timeoutMs, () => {
      if (this.#gone) return;
      if (this.#clock.now() - this.#heardAt >= this.#timeoutMs) this.#end("silent");
      else this.#arm();
    });
  }

  stop(): void {
    this.#gone = true;
    this.#cancel?.();
    this.#cancel = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #end(reason: string): void {
    if (this.#gone) return;
    this.stop();
    this.#onGone(reason);
  }
}
