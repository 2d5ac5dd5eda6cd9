/**
 * The origin relay: RTMP and RTMPS listeners whose accepted publishes become broadcasts. Stream keys
 * are checked against the stream record's hash; every broadcast registers its media, writes the live
 * pointer the edge routes by, and marks it ended when the publisher leaves.
 */
import type { Clock } from "#core/clock.ts";
import { newId } from "#core/records/ids.ts";
import { registerMedia } from "#core/records/media.ts";
import { authenticateStreamKey } from "#core/records/stream-key.ts";
import type { StreamRecord } from "#core/records/schemas.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { Logger } from "#core-node/logger.ts";
import type { FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import type { Ladder } from "#transcoder/ladder/types.ts";
import { createRtmpServer } from "./rtmp/server.ts";
import type { Authorize, PublishDecision, PublishRequest, RtmpTimeouts } from "./rtmp/session/types.ts";
import { Broadcast, type LiveSinkFactory } from "./live/broadcast.ts";
import { writeLivePointer } from "./live/live-pointer.ts";

export interface RelayOptions {
  store: ObjectStore;
  tools: FfmpegTools;
  clock: Clock;
  log: Logger;
  host: string;
  rtmpPort: number;
  /** RTMPS listener; absent means no TLS ingest. */
  tls?: { port: number; cert: string; key: string };
  /** Base URL of this relay's origin HTTP server, written into live pointers. */
  originUrl: string;
  relayId?: string;
  liveSinks?: LiveSinkFactory[];
  rtmpTimeouts?: Partial<RtmpTimeouts>;
  /** Broadcast lifecycle hooks (webhooks, ingest health). */
  events?: {
    started?(stream: StreamRecord, mediaId: string, ladder: Ladder): void;
    ended?(stream: StreamRecord, mediaId: string): void;
  };
}

export interface Relay {
  rtmpPort: number;
  rtmpsPort: number | undefined;
  /** Broadcasts in progress, by stream id. */
  readonly broadcasts: ReadonlyMap<string, Broadcast>;
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const { store, clock, log } = options;
  const relayId = options.relayId ?? newId(clock);
  const broadcasts = new Map<string, Broadcast>();
  const endings = new Set<Promise<void>>();

  const authorize: Authorize = async (request: PublishRequest): Promise<PublishDecision> => {
    const stream = await authenticateStreamKey(store, request.streamName);
    if (!stream) return { ok: false, reason: "stream key not accepted" };
    const mediaId = newId(clock);
    const startedAt = new Date(clock.now()).toISOString();
    await registerMedia(store, { id: mediaId, tenantId: stream.tenantId, kind: "live", streamId: stream.id, createdAt: startedAt });
    const broadcast = new Broadcast({
      store,
      stream,
      mediaId,
      tools: options.tools,
      clock,
      log,
      ...(options.liveSinks ? { liveSinks: options.liveSinks } : {}),
      onStarted: (ladder) => options.events?.started?.(stream, mediaId, ladder),
    });
    const pointer = { streamId: stream.id, mediaId, tenantId: stream.tenantId, originUrl: options.originUrl, relayId, startedAt, latencyMode: stream.latencyMode };
    await writeLivePointer(store, { ...pointer, state: "live" });
    broadcasts.set(stream.id, broadcast);
    log.info({ streamId: stream.id, mediaId, remoteAddress: request.remoteAddress, secure: request.secure }, "publish accepted");
    return {
      ok: true,
      streamId: stream.id,
      handlers: {
        onTag: (tag) => broadcast.onTag(tag),
        onMetadata: (metadata) => broadcast.observeMetadata(metadata),
        onEnd: (reason, detail) => {
          log.info({ streamId: stream.id, mediaId, reason, detail }, "publish ended");
          if (broadcasts.get(stream.id) === broadcast) broadcasts.delete(stream.id);
          const ending = broadcast
            .end(reason)
            .then(async () => {
              // A newer broadcast of the same stream owns the pointer now; leave it alone.
              if (!broadcasts.has(stream.id)) await writeLivePointer(store, { ...pointer, state: "ended", endedAt: new Date(clock.now()).toISOString() });
              options.events?.ended?.(stream, mediaId);
            })
            .catch((error: unknown) => log.error({ err: error, streamId: stream.id, mediaId }, "broadcast did not finish cleanly"))
            .finally(() => endings.delete(ending));
          endings.add(ending);
        },
      },
    };
  };

  const server = createRtmpServer({ authorize, logger: log, clock, ...(options.rtmpTimeouts ? { timeouts: options.rtmpTimeouts } : {}) });
  const rtmpPort = await server.listen({ port: options.rtmpPort, host: options.host });
  const rtmpsPort = options.tls ? await server.listenTls({ port: options.tls.port, host: options.host, cert: options.tls.cert, key: options.tls.key }) : undefined;
  return {
    rtmpPort,
    rtmpsPort,
    broadcasts,
    async close() {
      await server.close();
      await Promise.all([...endings]);
    },
  };
}
