/**
 * W3C ClearKey (Encrypted Media Extensions §9.1.3-9.1.4): the license request a CDM makes is
 * `{"kids": [<base64url kid>...], "type": "temporary"}`, and the license is a JSON Web Key set,
 * `{"keys": [{"kty": "oct", "kid": <base64url>, "k": <base64url>}], "type": "temporary"}`.
 */
import { z } from "zod";
import { base64url, fromBase64url, hex } from "#core/crypto/bytes.ts";
import { CONTENT_KEY_BYTES, type ContentKey } from "#core/drm/content-key.ts";
import { TributaryError } from "#core/errors.ts";

/** Key ids one license request may name: a CDM asks for the few keys of one session. */
export const MAX_LICENSE_KIDS = 16;
/** Largest license request body read: 16 kids of 22 characters with room for JSON. */
export const MAX_LICENSE_REQUEST_BYTES = 4096;

const base64urlKid = z.string().regex(/^[A-Za-z0-9_-]{22}$/, "a key id is 16 bytes of base64url");
const licenseRequestSchema = z.object({ kids: z.array(base64urlKid).min(1).max(MAX_LICENSE_KIDS), type: z.enum(["temporary", "persistent-license"]).optional() });

export interface ClearKeyLicense {
  keys: { kty: "oct"; kid: string; k: string }[];
  type: "temporary";
}

/** The key ids (as 32 hex digits) a license request names; `request.invalid` for anything else. */
export function parseLicenseRequest(body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new TributaryError("request.invalid", "a ClearKey license request is JSON: {\"kids\": [...]}", { details: { reason: "json" } });
  }
  const result = licenseRequestSchema.safeParse(parsed);
  if (!result.success) throw new TributaryError("request.invalid", `a ClearKey license request names 1-${MAX_LICENSE_KIDS} base64url key ids in "kids"`, { details: { reason: "kids" } });
  return [...new Set(result.data.kids.map((kid) => hex(fromBase64url(kid))))].filter((kid) => kid.length === CONTENT_KEY_BYTES * 2);
}

/** The license a CDM loads: one JWK per key. */
export function clearKeyLicense(keys: readonly ContentKey[]): ClearKeyLicense {
  return { keys: keys.map((key) => ({ kty: "oct", kid: base64url(key.kid), k: base64url(key.key) })), type: "temporary" };
}
