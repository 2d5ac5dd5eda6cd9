/**
 * One SPEKE v2.0 exchange (SPEKE API v2 "VOD/Live workflow method call examples"): POST the CPIX
 * request with `Content-Type: application/xml` and `X-Speke-Version: 2.0`, authenticated per the
 * tenant's config; a 200 answer must echo `X-Speke-Version: 2.0` and carry a CPIX document, read up
 * to `maxResponseBytes`. Any other answer is the provider's refusal (SPEKE v2 answers errors with
 * 4xx/5xx, typically 422, and a one-line message). Errors name the provider by origin only: paths
 * and queries can hold tokens.
 */
import { isTributaryError } from "../../errors.ts";
import { SPEKE_VERSION } from "./cpix-names.ts";
import { buildCpixRequest, type CpixRequest } from "./cpix-request.ts";
import { parseCpixResponse, type CpixKeyAnswer } from "./cpix-response.ts";
import { authorizedHeaders } from "./speke-auth.ts";
import type { SpekeProviderConfig } from "./speke-config.ts";
import { spekeError } from "./speke-error.ts";

export interface SpekeClientOptions {
  fetch?: typeof fetch;
  /** Sent as `X-Speke-User-Agent`. */
  userAgent?: string;
  /** Largest answer read (default 2 MB); a longer one is refused unread. */
  maxResponseBytes?: number;
  /** The clock SigV4 signs with (ms since the epoch). */
  now?: () => number;
}

export interface SpekeAnswer {
  readonly keys: CpixKeyAnswer[];
  /** The provider's `X-Speke-User-Agent`, when it sent one. */
  readonly provider: string | undefined;
}

const DEFAULT_MAX_RESPONSE_BYTES = 2_000_000;
const REFUSAL_EXCERPT_CHARS = 200;

async function readCapped(response: Response, max: number, origin: string): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  const tooLong = () => spekeError("invalid_response", `${origin} answered more than ${max} bytes`, { details: { provider: origin } });
  if (declared > max) {
    await response.body?.cancel();
    throw tooLong();
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw tooLong();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw spekeError("invalid_response", `${origin} answered with bytes that are not UTF-8`, { details: { provider: origin }, cause: error });
  }
}

/** A provider's refusal message, one line, short, printable. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").replace(/[^\x20-\x7e]/g, "?").trim();
  return line.length > REFUSAL_EXCERPT_CHARS ? `${line.slice(0, REFUSAL_EXCERPT_CHARS)}…` : line;
}

/** Sends `request` to the tenant's provider and returns its checked answer; throws `drm.key_unavailable`. */
export async function exchangeCpix(config: SpekeProviderConfig, request: CpixRequest, options: SpekeClientOptions = {}): Promise<SpekeAnswer> {
  const origin = new URL(config.url).origin;
  const body = buildCpixRequest(request);
  const headers = new Headers({ "content-type": "application/xml", "x-speke-version": SPEKE_VERSION, "x-speke-user-agent": options.userAgent ?? "Tributary" });
  const signed = await authorizedHeaders(config.auth, config.url, headers, body, (options.now ?? Date.now)());
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  try {
    // Redirects are not followed (signed headers and keys stay with the configured origin): a 3xx is a
    // refusal. `manual`, since Workers' fetch does not take `redirect: "error"`.
    const response = await (options.fetch ?? fetch)(config.url, { method: "POST", headers: signed, body, signal: controller.signal, redirect: "manual" });
    const max = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (response.status !== 200) {
      const text = await readCapped(response, max, origin);
      const message = excerpt(text);
      throw spekeError("refused", `${origin} answered ${response.status}${message === "" ? "" : `: ${message}`}`, { details: { provider: origin, status: response.status } });
    }
    const version = response.headers.get("x-speke-version");
    const contentType = response.headers.get("content-type") ?? "";
    const wrongHeader =
      version !== SPEKE_VERSION ? `X-Speke-Version ${JSON.stringify(version)}, not "${SPEKE_VERSION}"` : !/^(application|text)\/xml\b/i.test(contentType) ? `${JSON.stringify(contentType)}, not application/xml` : undefined;
    if (wrongHeader !== undefined) {
      await response.body?.cancel();
      throw spekeError("invalid_response", `${origin} answered ${wrongHeader}`, { details: { provider: origin } });
    }
    const text = await readCapped(response, max, origin);
    return { keys: parseCpixResponse(request, text), provider: response.headers.get("x-speke-user-agent") ?? undefined };
  } catch (error) {
    if (isTributaryError(error)) throw error;
    const what = controller.signal.aborted ? `did not answer within ${config.timeoutMs} ms` : "is unreachable";
    throw spekeError("unreachable", `${origin} ${what}`, { details: { provider: origin }, cause: error });
  } finally {
    clearTimeout(timer);
  }
}
