/**
 * `Tributary-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is
 * signed too, so a captured delivery cannot be replayed outside the receiver's tolerance window.
 */
import { hex, timingSafeEqual } from "../crypto/bytes.ts";
import { TributaryError } from "../errors.ts";

export const SIGNATURE_HEADER = "Tributary-Signature";

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message))));
}

/** The header value for `body` sent at `unixSeconds`. */
export async function signWebhook(secret: string, body: string, unixSeconds: number): Promise<string> {
  if (!Number.isSafeInteger(unixSeconds)) throw new TypeError("unixSeconds must be an integer");
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/**
 * For receivers: throws `webhook.signature_invalid` unless one `v1` in `header` is the HMAC of the
 * exact raw `body`, and `webhook.timestamp_out_of_range` when `t` is more than `toleranceSeconds` from `now` (ms).
 * @example verifyWebhookSignature(secret, req.headers["tributary-signature"], rawBody, Date.now(), 300)
 */
export async function verifyWebhookSignature(secret: string, header: string | null | undefined, body: string, now: number, toleranceSeconds = 300): Promise<void> {
  const parts = (header ?? "").split(",").map((part) => part.trim().split("="));
  const t = parts.find(([name]) => name === "t")?.[1];
  const signatures = parts.filter(([name, value]) => name === "v1" && value !== undefined).map(([, value]) => value as string);
  if (t === undefined || !/^\d{1,12}$/.test(t) || signatures.length === 0) {
    throw new TributaryError("webhook.signature_invalid", "signature header is missing or malformed");
  }
  const expected = encoder.encode(await hmacHex(secret, `${t}.${body}`));
  if (!signatures.some((signature) => timingSafeEqual(encoder.encode(signature), expected))) {
    throw new TributaryError("webhook.signature_invalid", "signature does not match the body");
  }
  if (Math.abs(now / 1000 - Number(t)) > toleranceSeconds) {
    throw new TributaryError("webhook.timestamp_out_of_range", "signature timestamp is outside the tolerance", { details: { t: Number(t), toleranceSeconds } });
  }
}
