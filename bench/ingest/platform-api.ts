/**
 * Streams and playback URLs made the way a broadcaster makes them: the broadcaster API on the edge
 * (`POST /api/v1/streams`, then `POST /api/v1/playback-tokens` for the stream), with the platform's
 * admin API key, through the CLI's API client.
 */
import { apiClient, CliApiError, type ApiClient } from "../../scripts/cli/api-client.ts";

export interface BenchStream {
  streamId: string;
  /** RTMP publish URL with the stream key, as the create response shows it. */
  publishUrl: string;
  /** Signed HLS multivariant playlist URL on the edge (the stream id is a stable playback id). */
  playbackUrl: string;
}

export interface StreamSettings {
  /** Ladder profile: `passthrough` (source remuxed only) or `default` (transcoded). */
  ladder: string;
  /** `normal` unless set: `low` gives LL-HLS parts and blocking reloads. */
  latencyMode?: "normal" | "low";
}

interface CreatedStream {
  id: string;
  ingest: { rtmp: { url: string } };
}

interface MintedToken {
  urls: { hls: string };
}

/** Requests in flight at once while creating streams: the API is not what is measured. */
const CONCURRENCY = 8;

/** The API limits each key's request rate: a 429 is waited out (its Retry-After) and the request sent again. */
function patient(api: ApiClient): ApiClient {
  return {
    text: (path, accept) => api.text(path, accept),
    async request(method, path, body) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await api.request(method, path, body);
        } catch (error) {
          if (!(error instanceof CliApiError) || error.status !== 429 || attempt >= 60) throw error;
          const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 1;
          await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        }
      }
    },
  };
}

export async function createBenchStreams(edgeUrl: string, adminKey: string, count: number, settings: StreamSettings): Promise<BenchStream[]> {
  const api = patient(apiClient(`${edgeUrl}/api/v1`, adminKey));
  const create = async (index: number): Promise<BenchStream> => {
    const stream = (await api.request("POST", "/streams", { name: `bench-${index}`, ladder: settings.ladder, latencyMode: settings.latencyMode ?? "normal", recording: false })) as CreatedStream;
    const token = (await api.request("POST", "/playback-tokens", { streamId: stream.id, expiresIn: 3_600 })) as MintedToken;
    return { streamId: stream.id, publishUrl: stream.ingest.rtmp.url, playbackUrl: token.urls.hls };
  };
  const streams: BenchStream[] = [];
  for (let first = 0; first < count; first += CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, count - first) }, (_, i) => create(first + i));
    streams.push(...(await Promise.all(batch)));
  }
  return streams;
}
