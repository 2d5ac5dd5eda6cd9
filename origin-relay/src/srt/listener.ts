/**
 * The SRT ingest listener: many callers on one UDP port. libsrt decides each caller from its
 * streamid in the handshake, against a table the relay fills with `allow` (stream id → key hash
 * and/or passphrase); an accepted caller then goes through `authorize` (already publishing, quotas)
 * before its MPEG-TS bytes reach `onConnection`.
 *
 * @example
 * const listener = createSrtListener({ port: 9000, authorize: async () => ({ ok: true }), onConnection: (c) => c.media.pipe(demuxer) });
 * listener.allow(record.id, { keyHash: record.streamKeyHash, passphrase: record.srtPassphrase });
 */
import { resolveSrtListenerConfig, type SrtListenerConfig } from "./listener-config.ts";
import { SrtConnection, type SrtEndReason, type SrtPeer } from "./connection.ts";
import { loadSrtBinding, type NativeEvent } from "./native.ts";
import { parseSrtStreamId, type SrtStreamId } from "./stream-id.ts";

export interface SrtPublishRequest {
  streamId: string;
  parsed: SrtStreamId;
  rawStreamId: string;
  peer: SrtPeer;
}

export type SrtAuthorizeDecision = { ok: true } | { ok: false; reason: string };

/** The second step, after the native table accepted the caller's credentials. */
export type SrtAuthorize = (request: SrtPublishRequest) => Promise<SrtAuthorizeDecision>;

/** A caller refused in the handshake; `code` is the SRT_REJX_* sent back (access_control.h). */
export interface SrtRejection {
  rawStreamId: string;
  peer: SrtPeer;
  code: number;
  reason: string;
}

/** What a stream accepts: the stored `sha256:<hex>` of its key, its SRT passphrase, or both. */
export interface SrtCredentials {
  keyHash?: string;
  passphrase?: string;
}

export interface SrtListenerOptions extends Partial<SrtListenerConfig> {
  authorize: SrtAuthorize;
  onConnection(connection: SrtConnection): void;
  onReject?(rejection: SrtRejection): void;
}

export interface SrtListener {
  /** The bound UDP port. */
  readonly port: number;
  /** Accepts callers for `streamId` from now on, replacing earlier credentials. */
  allow(streamId: string, credentials: SrtCredentials): void;
  /** Refuses new callers for `streamId`; open connections stay. Returns whether it was allowed. */
  revoke(streamId: string): boolean;
  /** Connections accepted and not yet ended, including those `authorize` is deciding. */
  readonly connectionCount: number;
  /** Closes every connection ("listener-closed") and the port; resolves when no native thread is left. */
  close(): Promise<void>;
}

interface Pending {
  chunks: Buffer[];
  bytes: number;
  ended: boolean;
}

const streamIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const keyHashPattern = /^sha256:([0-9a-f]{64})$/;

export function createSrtListener(options: SrtListenerOptions): SrtListener {
  const { authorize, onConnection, onReject, ...given } = options;
  const config = resolveSrtListenerConfig(given);
  const binding = loadSrtBinding();
  const pending = new Map<number, Pending>();
  const active = new Map<number, SrtConnection>();
  const native = new binding.Listener(config, (event) => onEvent(event));
  const port = native.listen();
  let closed: Promise<void> | undefined;

  function requestClose(id: number, reason: SrtEndReason): void {
    native.closeConnection(id, reason);
  }

  function onEvent(event: NativeEvent): void {
    switch (event.type) {
      case "connect":
        return onConnect(event.id, event.streamId, { address: event.peerAddress, port: event.peerPort });
      case "data":
        return onData(event.id, event.data);
      case "disconnect": {
        const waiting = pending.get(event.id);
        if (waiting !== undefined) waiting.ended = true;
        active.get(event.id)?.finish(event.reason as SrtEndReason);
        active.delete(event.id);
        return;
      }
      case "reject":
        onReject?.({ rawStreamId: event.streamId, peer: { address: event.peerAddress, port: event.peerPort }, code: event.code, reason: event.reason });
    }
  }

  function onData(id: number, data: Buffer): void {
    const connection = active.get(id);
    if (connection !== undefined) return connection.deliver(data);
    const waiting = pending.get(id);
    if (waiting === undefined || waiting.ended) return;
    waiting.chunks.push(data);
    waiting.bytes += data.length;
    if (waiting.bytes > config.maxPendingBytes) {
      waiting.ended = true;
      requestClose(id, "slow-consumer");
    }
  }

  function onConnect(id: number, rawStreamId: string, peer: SrtPeer): void {
    const parsed = parseSrtStreamId(rawStreamId);
    // The native parser accepted it; a disagreement is a bug, and the caller is refused rather than guessed at.
    if (!parsed.ok) return requestClose(id, "refused");
    const waiting: Pending = { chunks: [], bytes: 0, ended: false };
    pending.set(id, waiting);
    const settle = (decision: SrtAuthorizeDecision | "error"): void => {
      pending.delete(id);
      if (waiting.ended || closed !== undefined) return;
      if (decision === "error") return requestClose(id, "authorize-error");
      if (!decision.ok) return requestClose(id, "refused");
      const connection = new SrtConnection({ id, parsed, rawStreamId, peer, maxBufferedBytes: config.maxBufferedBytes, requestClose: (reason) => requestClose(id, reason) });
      active.set(id, connection);
      try {
        onConnection(connection);
      } catch {
        return requestClose(id, "handler-error");
      }
      for (const chunk of waiting.chunks) connection.deliver(chunk);
    };
    authorize({ streamId: parsed.resource, parsed, rawStreamId, peer }).then(settle, () => settle("error"));
  }

  return {
    port,
    allow(streamId, credentials) {
      if (!streamIdPattern.test(streamId)) throw new TypeError(`allow: not a stream id: ${JSON.stringify(streamId.slice(0, 80))}`);
      const { keyHash, passphrase } = credentials;
      const digest = keyHash === undefined ? null : keyHashPattern.exec(keyHash)?.[1];
      if (digest === undefined) throw new TypeError("allow: keyHash must be sha256:<64 hex digits>");
      if (passphrase !== undefined && (passphrase.length < 10 || passphrase.length > 79)) throw new TypeError("allow: passphrase must be 10..79 characters (SRTO_PASSPHRASE)");
      if (digest === null && passphrase === undefined) throw new TypeError("allow: needs a keyHash, a passphrase or both");
      native.allow(streamId, digest === null ? null : Buffer.from(digest, "hex"), passphrase ?? null);
    },
    revoke: (streamId) => native.revoke(streamId),
    get connectionCount() {
      return active.size + pending.size;
    },
    close() {
      closed ??= new Promise((resolve) => native.close(resolve));
      return closed;
    },
  };
}
