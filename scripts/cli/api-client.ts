/** A small fetch client for the broadcaster API: bearer auth, JSON in and out, API errors as `CliApiError`. */

export class CliApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.name = "CliApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface ApiClient {
  request(method: string, path: string, body?: unknown): Promise<unknown>;
}

export function apiClient(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = fetch): ApiClient {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    async request(method, path, body) {
      const response = await fetchImpl(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const parsed: unknown = text === "" ? undefined : JSON.parse(text);
      if (!response.ok) {
        const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
        throw new CliApiError(response.status, error?.code ?? "http.error", error?.message ?? `HTTP ${response.status}`, error?.details);
      }
      return parsed;
    },
  };
}
