/** One accepted SRT publisher: its MPEG-TS bytes as a Node Readable, and why it ended. */
import { Readable } from "node:stream";
import type { SrtStreamId } from "./stream-id.ts";

/**
 * Why a connection ended: the caller went away or timed out ("disconnected"), `close()` or the
 * Readable was destroyed ("closed"), `authorize` said no or threw, the reader fell behind, or the
 * listener closed.
 */
export type SrtEndReason = "disconnected" | "closed" | "refused" | "authorize-error" | "handler-error" | "slow-consumer" | "listener-closed";

export interface SrtPeer {
  address: string;
  port: number;
}

export interface SrtConnectionInit {
  id: number;
  parsed: SrtStreamId;
  rawStreamId: string;
  peer: SrtPeer;
  maxBufferedBytes: number;
  /** Asks the native thread to close the socket; the end arrives later through `finish`. */
  requestClose(reason: SrtEndReason): void;
}

export class SrtConnection {
  readonly id: number;
  /** The Tributary stream id the caller published to. */
  readonly streamId: string;
  readonly parsed: SrtStreamId;
  readonly rawStreamId: string;
  readonly peer: SrtPeer;
  /** MPEG-TS bytes in arrival order; ends when the connection does. */
  readonly media: Readable;
  /** Resolves once, with why the connection ended. */
  readonly ended: Promise<SrtEndReason>;
  #resolveEnded!: (reason: SrtEndReason) => void;
  #requestClose: (reason: SrtEndReason) => void;
  #maxBufferedBytes: number;
  #closing = false;
  #done = false;

  constructor(init: SrtConnectionInit) {
    this.id = init.id;
    this.streamId = init.parsed.resource;
    this.parsed = init.parsed;
    this.rawStreamId = init.rawStreamId;
    this.peer = init.peer;
    this.#requestClose = init.requestClose;
    this.#maxBufferedBytes = init.maxBufferedBytes;
    this.ended = new Promise((resolve) => (this.#resolveEnded = resolve));
    // Live input cannot be paused at the sender, so read() has nothing to do; overflow is checked in deliver().
    this.media = new Readable({ read() {} });
    this.media.on("close", () => this.close());
  }

  /** Closes the connection; `ended` resolves with "closed" once the socket is gone. */
  close(): void {
    this.#closeWith("closed");
  }

  /** From the listener: bytes received for this connection. */
  deliver(data: Buffer): void {
    if (this.#closing || this.#done) return;
    this.media.push(data);
    if (this.media.readableLength > this.#maxBufferedBytes) this.#closeWith("slow-consumer");
  }

  /** From the listener: the native side closed the socket. */
  finish(reason: SrtEndReason): void {
    if (this.#done) return;
    this.#done = true;
    if (!this.media.destroyed) this.media.push(null);
    this.#resolveEnded(reason);
  }

  #closeWith(reason: SrtEndReason): void {
    if (this.#closing || this.#done) return;
    this.#closing = true;
    this.#requestClose(reason);
  }
}
