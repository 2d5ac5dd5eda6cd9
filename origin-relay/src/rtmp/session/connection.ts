/**
 * One RTMP connection, without sockets: bytes in through `receive`, bytes out through the transport.
 * Handshake → chunk stream → control and command messages → media for an accepted publish. Any error
 * closes this connection with a logged reason; nothing here can affect another connection.
 */
import type { Clock, Random } from "#core/clock.ts";
import { isTributaryError } from "#core/errors.ts";
import type { Logger } from "#core-node/logger.ts";
import { ChunkDecoder } from "../chunk/chunk-decoder.ts";
import { ChunkEncoder } from "../chunk/chunk-encoder.ts";
import { ServerHandshake } from "../handshake/server-handshake.ts";
import { encodeAcknowledgement } from "../message/acknowledgement.ts";
import { decodeCommand } from "../message/command.ts";
import { ChunkStreamId, MessageType, type RtmpMessage } from "../message/type-ids.ts";
import { UserControlEvent, decodeUserControl, encodeUserControl } from "../message/user-control.ts";
import { decodeWindowAcknowledgementSize } from "../message/window-acknowledgement-size.ts";
import type { CommandHost, CommandOptions, ConnectionState } from "./command-host.ts";
import { handleCommand } from "./commands.ts";
import type { Publisher } from "./publisher.ts";
import type { IngestFlow, PublishEndReason, RtmpTimeouts } from "./types.ts";

/** How a connection reaches its socket. */
export interface ConnectionTransport {
  write(bytes: Uint8Array): void;
  /** Stops reading the socket until `resume`. */
  pause(): void;
  resume(): void;
  /** Flushes what was written, then closes. */
  close(): void;
}

export interface ConnectionOptions extends CommandOptions {
  clock: Clock;
  random: Random;
  logger: Logger;
  timeouts: RtmpTimeouts;
  onClosed(connection: IngestConnection): void;
}

export class IngestConnection implements CommandHost {
  state: ConnectionState = "handshake";
  lastActivityAt: number;
  publisher: Publisher | undefined;
  readonly options: ConnectionOptions;
  readonly log: Logger;
  readonly encoder = new ChunkEncoder();
  readonly #transport: ConnectionTransport;
  readonly #startedAt: number;
  readonly #handshake: ServerHandshake;
  readonly #decoder: ChunkDecoder;
  #bytesReceived = 0;
  #lastAcknowledged = 0;
  #peerWindow = 0;
  #backlog: RtmpMessage[] = [];
  #backlogBytes = 0;
  #waiting = false;
  #paused = false;

  constructor(transport: ConnectionTransport, options: ConnectionOptions) {
    this.#transport = transport;
    this.options = options;
    this.log = options.logger;
    this.#startedAt = this.lastActivityAt = options.clock.now();
    this.#handshake = new ServerHandshake(options.random, () => options.clock.now() - this.#startedAt);
    this.#decoder = new ChunkDecoder(options.limits);
  }

  /**
   * Pauses and resumes reading this connection. A paused connection is not idle: its media timeout
   * starts again when reading resumes.
   */
  readonly flow: IngestFlow = {
    pause: () => {
      if (this.state === "closed" || this.#paused) return;
      this.#paused = true;
      this.#transport.pause();
    },
    resume: () => {
      if (!this.#paused) return;
      this.#paused = false;
      this.lastActivityAt = this.options.clock.now();
      if (this.state !== "closed") this.#transport.resume();
    },
  };

  /** Feeds bytes from the socket. Never throws: failures close this connection. */
  receive(bytes: Uint8Array): void {
    if (this.state === "closed") return;
    this.lastActivityAt = this.options.clock.now();
    this.#bytesReceived += bytes.length;
    try {
      let chunkBytes = bytes;
      if (this.state === "handshake") {
        const step = this.#handshake.push(bytes);
        if (step.reply) this.#transport.write(step.reply);
        if (!step.done) return;
        this.state = "open";
        this.log.debug({ scheme: this.#handshake.scheme }, "handshake complete");
        chunkBytes = step.rest;
      }
      for (const message of this.#decoder.push(chunkBytes)) this.#enqueue(message);
      this.#acknowledge();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Sends one message. */
  send(message: RtmpMessage): void {
    if (this.state !== "closed") this.#transport.write(this.encoder.encode(message));
  }

  /** Closes on a timeout that has passed; the server calls this periodically. */
  checkTimeouts(): void {
    const now = this.options.clock.now();
    const { handshakeMs, publishMs, mediaIdleMs } = this.options.timeouts;
    if (this.state === "handshake" && now - this.#startedAt >= handshakeMs) this.close("timeout", "handshake timeout");
    else if (this.state === "open" && now - this.#startedAt >= publishMs) this.close("timeout", "no publish in time");
    else if (this.state === "publishing" && !this.#paused && now - this.lastActivityAt >= mediaIdleMs) this.close("timeout", "media idle");
  }

  /** Closes because of `error`: peer errors are logged as such, anything else as a bug. */
  fail(error: unknown): void {
    if (isTributaryError(error)) {
      this.log.warn({ code: error.code, err: error.message }, "closing misbehaving connection");
      this.close("protocol-error", error.message);
    } else {
      this.log.error({ err: error }, "closing connection after an internal error");
      this.close("handler-error", error instanceof Error ? error.message : String(error));
    }
  }

  /** Ends any publish, flushes and closes the socket. Idempotent. */
  close(reason: PublishEndReason, detail: string): void {
    if (this.state === "closed") return;
    this.state = "closed";
    this.log.info({ reason, detail }, "connection closed");
    this.endPublish(reason, detail);
    this.#backlog = [];
    this.#transport.close();
    this.options.onClosed(this);
  }

  /** Ends the current publish (if any) without closing the connection. */
  endPublish(reason: PublishEndReason, detail: string): void {
    const publisher = this.publisher;
    if (!publisher) return;
    this.publisher = undefined;
    if (this.state === "publishing") this.state = "open";
    this.options.registry.release(publisher.streamId, this);
    try {
      publisher.end(reason, detail);
    } catch (error) {
      this.log.error({ err: error }, "publish end handler failed");
    }
  }

  /** For PublishRegistry: another publisher took this stream over. */
  evict(reason: string): void {
    this.close("taken-over", reason);
  }

  /** Holds messages while an async decision (authorize) is pending, then replays them in order. */
  waitFor(decision: Promise<void>): void {
    this.#waiting = true;
    decision
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.#waiting = false;
        const backlog = this.#backlog;
        this.#backlog = [];
        this.#backlogBytes = 0;
        try {
          for (const message of backlog) this.#enqueue(message);
        } catch (error) {
          this.fail(error);
        }
      });
  }

  #enqueue(message: RtmpMessage): void {
    if (this.state === "closed") return;
    if (this.#waiting) {
      this.#backlogBytes += message.payload.length;
      if (this.#backlogBytes > this.options.limits.maxPendingBytes) {
        this.close("protocol-error", "too much data before the publish was accepted");
        return;
      }
      this.#backlog.push(message);
      return;
    }
    this.#dispatch(message);
  }

  #dispatch(message: RtmpMessage): void {
    switch (message.typeId) {
      case MessageType.userControl: {
        const event = decodeUserControl(message.payload);
        if (event.eventType === UserControlEvent.pingRequest && "timestamp" in event) {
          this.send({ chunkStreamId: ChunkStreamId.protocolControl, timestamp: 0, typeId: MessageType.userControl, messageStreamId: 0, payload: encodeUserControl({ eventType: UserControlEvent.pingResponse, timestamp: event.timestamp }) });
        }
        return;
      }
      case MessageType.windowAcknowledgementSize:
        this.#peerWindow = decodeWindowAcknowledgementSize(message.payload).acknowledgementWindowSize;
        return;
      case MessageType.commandAmf0:
      case MessageType.commandAmf3:
        handleCommand(this, decodeCommand(message.payload, message.typeId), message.messageStreamId);
        return;
      case MessageType.audio:
      case MessageType.video:
      case MessageType.dataAmf0:
      case MessageType.dataAmf3:
        if (this.publisher && message.messageStreamId === this.publisher.messageStreamId) this.publisher.deliver(message);
        return;
      default:
        // Set Chunk Size and Abort were applied by the decoder; Acknowledgement and Set Peer Bandwidth
        // from a publisher change nothing for us.
        return;
    }
  }

  /** §5.4.3: acknowledge once the peer's window of bytes has arrived since the last acknowledgement. */
  #acknowledge(): void {
    if (this.#peerWindow === 0 || this.state === "closed") return;
    if (this.#bytesReceived - this.#lastAcknowledged < this.#peerWindow) return;
    this.#lastAcknowledged = this.#bytesReceived;
    this.send({ chunkStreamId: ChunkStreamId.protocolControl, timestamp: 0, typeId: MessageType.acknowledgement, messageStreamId: 0, payload: encodeAcknowledgement({ sequenceNumber: this.#bytesReceived % 2 ** 32 }) });
  }
}
