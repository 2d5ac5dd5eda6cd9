/**
 * How a stream looks through the API: settings, live status from the relay's origin pointer, ingest
 * health when the relay wrote it, and ingest URLs. The stream key and SRT passphrase appear only in
 * the responses that create them (create, rotate-key); everywhere else they are hidden.
 */
import type { z } from "zod";
import { readIngestHealth } from "#core/records/ingest-health.ts";
import { streamStatus } from "#core/records/live-status.ts";
import type { StreamRecord } from "#core/records/schemas.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { IngestEndpoints } from "./api-deps.ts";
import type { ingestSchema, streamViewSchema } from "./api-schemas.ts";

export const STREAM_KEY_HIDDEN = "stream key hidden";

type StreamView = z.infer<typeof streamViewSchema>;

/** Hosts with a colon are IPv6 literals and need brackets in a URL. */
function hostPort(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export function ingestUrls(ingest: IngestEndpoints, stream: StreamRecord, streamKey?: string): z.infer<typeof ingestSchema> {
  const rtmpServer = `rtmp://${hostPort(ingest.publicHost, ingest.rtmpPort)}/live`;
  const rtmpsServer = `rtmps://${hostPort(ingest.publicHost, ingest.rtmpsPort)}/live`;
  const shown = streamKey !== undefined;
  return {
    rtmp: { server: rtmpServer, url: shown ? `${rtmpServer}/${streamKey}` : STREAM_KEY_HIDDEN },
    rtmps: { server: rtmpsServer, url: shown ? `${rtmpsServer}/${streamKey}` : STREAM_KEY_HIDDEN },
    // SRT access control streamid syntax: "#!::" then key=value pairs (r = resource, m = mode).
    srt: { url: `srt://${hostPort(ingest.publicHost, ingest.srtPort)}?streamid=#!::r=${stream.id},m=publish`, ...(shown && stream.srtPassphrase ? { passphrase: stream.srtPassphrase } : {}) },
    // The key travels as the Bearer token, not in the URL, so the URL is shown every time.
    ...(ingest.whipBaseUrl === undefined ? {} : { whip: { url: `${ingest.whipBaseUrl.replace(/\/+$/, "")}/${stream.id}` } }),
    ...(shown ? { streamKey } : {}),
  };
}

export async function streamView(store: ObjectStore, ingest: IngestEndpoints, nowMs: number, stream: StreamRecord, streamKey?: string): Promise<StreamView> {
  const [live, health] = await Promise.all([streamStatus(store, stream.id, nowMs), readIngestHealth(store, stream.id)]);
  return {
    id: stream.id,
    name: stream.name,
    createdAt: stream.createdAt,
    ladder: stream.ladder,
    latencyMode: stream.latencyMode,
    recording: stream.recording,
    dvrWindowSeconds: stream.dvrWindowSeconds,
    reconnectWindowSeconds: stream.reconnectWindowSeconds,
    encryption: stream.encryption,
    keyRotationSegments: stream.keyRotationSegments,
    status: live.status,
    ...(live.mediaId === undefined ? {} : { mediaId: live.mediaId }),
    ingest: ingestUrls(ingest, stream, streamKey),
    // Health describes the signal being received now; an idle stream has none.
    ...(health === undefined || live.status === "idle" ? {} : { health }),
  };
}
