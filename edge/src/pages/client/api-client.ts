/**
 * The dashboard's calls to the broadcaster API (`/api/v1`), typed by the API's own schemas (type-only
 * imports: no zod reaches the browser). The key is read on every call, so signing out takes effect at once.
 * @example const api = createApiClient({ key: () => sessionStorage.getItem("tributary.apiKey") ?? undefined });
 */
import type { z } from "zod";
import type { errorSchema, playbackTokenRequestSchema, playbackTokenResponseSchema, streamCreateSchema, streamViewSchema } from "../../api/api-schemas.ts";
import type { usageResponseSchema } from "../../api/usage-schemas.ts";

export type StreamView = z.infer<typeof streamViewSchema>;
export type StreamCreate = z.input<typeof streamCreateSchema>;
export type PlaybackTokenRequest = z.input<typeof playbackTokenRequestSchema>;
export type PlaybackToken = z.infer<typeof playbackTokenResponseSchema>;
export type UsageResponse = z.infer<typeof usageResponseSchema>;
export type UsageRow = UsageResponse["data"][number];
export interface StreamPage {
  data: StreamView[];
  nextCursor?: string | undefined;
}
type ErrorBody = z.infer<typeof errorSchema>;

/** A refused call: the HTTP status and the API's error code and message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

export const isUnauthorized = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

export interface ApiClientOptions {
  /** The caller's API key, or `undefined` when signed out (the call then fails as a 401 without a request). */
  key(): string | undefined;
  /** @default globalThis.fetch */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** @default "/api/v1" (same origin) */
  base?: string;
}

export interface ApiClient {
  listStreams(limit: number): Promise<StreamPage>;
  /** The answer carries the stream key and SRT passphrase, shown once. */
  createStream(body: StreamCreate, idempotencyKey: string): Promise<StreamView>;
  rotateKey(streamId: string): Promise<StreamView>;
  mintPlaybackToken(body: PlaybackTokenRequest): Promise<PlaybackToken>;
  /** Metered usage (`/usage`): `from`, `to`, `granularity` and optional `groupBy`. */
  usage(query: Record<string, string>): Promise<UsageResponse>;
}

function errorOf(data: unknown): Partial<ErrorBody["error"]> {
  if (typeof data !== "object" || data === null || !("error" in data)) return {};
  const error = (data as { error: unknown }).error;
  return typeof error === "object" && error !== null ? (error as Partial<ErrorBody["error"]>) : {};
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.base ?? "/api/v1";
  const send = options.fetch ?? ((input, init) => fetch(input, init));

  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const key = options.key();
    if (key === undefined || key === "") throw new ApiError(401, "auth.unauthorized", "Sign in first.");
    const init: RequestInit = { method, cache: "no-store", credentials: "omit" };
    const sent: Record<string, string> = { ...headers, authorization: `Bearer ${key}` };
    if (body !== undefined) {
      sent["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    init.headers = sent;
    const response = await send(base + path, init);
    const data: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = errorOf(data);
      throw new ApiError(response.status, error.code ?? "http.error", error.message ?? `The API answered ${response.status}.`);
    }
    return data as T;
  }

  return {
    listStreams: (limit) => call("GET", `/streams?limit=${limit}`),
    createStream: (body, idempotencyKey) => call("POST", "/streams", body, { "idempotency-key": idempotencyKey }),
    rotateKey: (streamId) => call("POST", `/streams/${encodeURIComponent(streamId)}/rotate-key`),
    mintPlaybackToken: (body) => call("POST", "/playback-tokens", body),
    usage: (query) => call("GET", `/usage?${new URLSearchParams(query).toString()}`),
  };
}

/** Random hex for an Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
