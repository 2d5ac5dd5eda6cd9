/** The contract between the RTMP server and the relay that embeds it: auth and media are injected. */
import type { StreamMetadata } from "../../flv/metadata.ts";
import type { FlvTag } from "../../flv/tag.ts";

/** What a publisher asked for, handed to `authorize`. */
export interface PublishRequest {
  /** The application from connect's `app` ("live"). */
  app: string;
  /** The publishing name without its query: normally the stream key. */
  streamName: string;
  /** Query parameters after "?" in the publishing name. */
  query: Record<string, string>;
  remoteAddress: string;
  tcUrl: string | undefined;
  /** True over RTMPS. */
  secure: boolean;
  /** Stops and restarts reading this publisher's socket (TCP backpressure, e.g. while storage is behind). */
  flow: IngestFlow;
}

/** Backpressure on one publisher: while paused nothing is read, so the encoder's sends block, and no data is lost. */
export interface IngestFlow {
  pause(): void;
  resume(): void;
}

/** Why a publish ended. */
export type PublishEndReason = "refused" | "unpublished" | "disconnected" | "taken-over" | "timeout" | "protocol-error" | "server-closed" | "handler-error";

/** Callbacks for one accepted publish, in the order media arrives. */
export interface PublishHandlers {
  /** Every audio, video and script tag, unchanged, ready for `encodeFlvTag`. */
  onTag(tag: FlvTag): void;
  /** onMetaData as the encoder sent it. */
  onMetadata?(metadata: StreamMetadata): void;
  /** Called once when the publish ends, for any reason ("refused" if it never started: the stream was live elsewhere). */
  onEnd(reason: PublishEndReason, detail: string): void;
}

export type PublishDecision = { ok: true; streamId: string; handlers: PublishHandlers } | { ok: false; reason: string };

/** Decides a publish; the relay looks up the stream record and compares the key hash. */
export type Authorize = (request: PublishRequest) => Promise<PublishDecision>;

/** Idle and timeout policy, in milliseconds. */
export interface RtmpTimeouts {
  /** From accept to the end of the handshake. */
  handshakeMs: number;
  /** From accept to an accepted publish. */
  publishMs: number;
  /** Silence allowed from a publishing connection before it is closed. */
  mediaIdleMs: number;
  /** Silence after which a new publisher may take the stream over. */
  takeoverIdleMs: number;
  /** How often timeouts are checked. */
  sweepIntervalMs: number;
}

export const defaultRtmpTimeouts: RtmpTimeouts = { handshakeMs: 10_000, publishMs: 15_000, mediaIdleMs: 10_000, takeoverIdleMs: 5_000, sweepIntervalMs: 1_000 };
