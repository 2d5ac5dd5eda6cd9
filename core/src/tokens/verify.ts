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
