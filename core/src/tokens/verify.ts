/**
 * Verifies playback tokens. Only ES256 and EdDSA are accepted, so `alg: none` and HS256-with-the-
 * public-key confusion are refused before any key is used.
 */
import { createLocalJWKSet, errors, jwtVerify, type JWK } from "jose";
import { TributaryError } from "../errors.ts";
import { PLAYBACK_AUDIENCE, playbackClaimsSchema, type PlaybackClaims } from "./claims.ts";

/** Tokens travel in URL paths; anything larger is refused before parsing. */
export const MAX_TOKEN_BYTES = 8 * 1024;

export interface VerifyOptions {
  jwks: { keys: JWK[] };
  /** When set, the token's `sub` must equal it. */
  mediaId?: string;
  /** Milliseconds since the epoch. */
  now: number;
  /** Allowed clock skew in seconds. */
  clockTolerance?: number;
}

export async function verifyPlaybackToken(token: string, options: VerifyOptions): Promise<PlaybackClaims> {
  if (token.length === 0) throw new TributaryError("token.missing", "playback token missing");
  if (token.length > MAX_TOKEN_BYTES) throw new TributaryError("token.too_large", `playback token larger than ${MAX_TOKEN_BYTES} bytes`);
  if (!canonicalCompact(token)) throw new TributaryError("token.invalid", "playback token is not canonical base64url");
  let payload: unknown;
  try {
    const result = await jwtVerify(token, createLocalJWKSet(options.jwks), {
      algorithms: ["ES256", "EdDSA"],
      audience: PLAYBACK_AUDIENCE,
      currentDate: new Date(options.now),
      clockTolerance: options.clockTolerance ?? 5,
      requiredClaims: ["sub", "exp", "aud"],
    });
    payload = result.payload;
  } catch (error) {
    throw mapJoseError(error);
  }
  const parsed = playbackClaimsSchema.safeParse(payload);
  if (!parsed.success) throw new TributaryError("token.invalid", "playback token claims are malformed");
  if (options.mediaId !== undefined && parsed.data.sub !== options.mediaId) {
    throw new TributaryError("token.wrong_media", "playback token is for another media id");
  }
  return parsed.data;
}

/** The last character of a segment whose length is 2 or 3 mod 4 may only use the bits that carry data. */
const CANONICAL_LAST = { 2: /[AQgw]$/, 3: /[AEIMQUYcgkosw048]$/ } as const;

/**
 * Three segments of canonical base64url (RFC 7515 §2, RFC 4648 §3.5: unused trailing bits zero).
 * Decoders ignore those bits, so without this check one token has 4 to 16 spellings that all verify;
 * found by fuzzing, and anything keyed by the token string (the verified-token cache) would see them
 * as different tokens.
 */
function canonicalCompact(token: string): boolean {
  const segments = token.split(".");
  return (
    segments.length === 3 &&
    segments.every((segment) => {
      if (!/^[A-Za-z0-9_-]*$/.test(segment)) return false;
      const rest = segment.length % 4;
      return rest === 0 || ((rest === 2 || rest === 3) && CANONICAL_LAST[rest].test(segment));
    })
  );
}

function mapJoseError(error: unknown): TributaryError {
  if (error instanceof errors.JWTExpired) return new TributaryError("token.expired", "playback token expired", { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return new TributaryError("token.not_yet_valid", "playback token not yet valid", { cause: error });
    if (error.claim === "aud") return new TributaryError("token.wrong_audience", "playback token has the wrong audience", { cause: error });
    return new TributaryError("token.invalid", `playback token claim ${error.claim} invalid`, { cause: error });
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new TributaryError("token.unknown_key", "playback token signed by an unknown key", { cause: error });
  return new TributaryError("token.invalid", "playback token invalid", { cause: error });
}
