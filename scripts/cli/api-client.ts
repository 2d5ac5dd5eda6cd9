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
  /** A GET answered in another format (`text/csv`), as text. */
  text(path: string, accept: string): Promise<string>;
}

async function refused(response: Response, text: string): Promise<CliApiError> {
  const parsed = (() => {
    try {
      return JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    } catch {
      return undefined;
    }
  })();
  const error = parsed?.error;
  return new CliApiError(response.status, error?.code ?? "http.error", error?.message ?? `HTTP ${response.status}`, error?.details);
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
      if (!response.ok) throw await refused(response, text);
      return text === "" ? undefined : (JSON.parse(text) as unknown);
    },
    async text(path, accept) {
      const response = await fetchImpl(`${base}${path}`, { headers: { authorization: `Bearer ${apiKey}`, accept } });
      const text = await response.text();
      if (!response.ok) throw await refused(response, text);
      return text;
    },
  };
}
