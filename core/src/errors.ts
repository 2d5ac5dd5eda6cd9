/**
 * Typed domain errors with stable string codes. Bad input from a peer is a `TributaryError`;
 * misuse by our own code is a `TypeError`. HTTP status is decided at the boundary only, from the one
 * table in errors/http-status.ts.
 */
export type ErrorCode =
  | "config.invalid"
  | "storage.not_found"
  | "storage.precondition_failed"
  | "storage.invalid_key"
  | "storage.unavailable"
  | "storage.range_not_satisfiable"
  | "record.invalid"
  | "record.conflict"
  | "token.missing"
  | "token.invalid"
  | "token.expired"
  | "token.not_yet_valid"
  | "token.wrong_audience"
  | "token.wrong_media"
  | "token.unknown_key"
  | "token.too_large"
  | "token.not_downloadable"
  | "access.ip_denied"
  | "access.country_denied"
  | "access.referrer_denied"
  | "request.invalid"
  | "request.not_found"
  | "request.too_large"
  | "auth.unauthorized"
  | "auth.forbidden"
  | "auth.rate_limited"
  | "request.idempotency_mismatch"
  | "webhook.signature_invalid"
  | "webhook.timestamp_out_of_range"
  | "webhook.target_forbidden"
  | "origin.timeout"
  | "origin.failed"
  | "ingest.bad_stream_key"
  | "ingest.already_publishing"
  | "ingest.protocol"
  | "ingest.size_limit"
  | "ingest.timeout"
  | "transcode.failed"
  | "transcode.unavailable"
  | "usage.engine_unavailable"
  | "usage.query_failed"
  | "media.invalid"
  | "drm.key_unavailable"
  | "drm.key_not_found"
  | "drm.unseal_failed"
  | "media.limit_exceeded"
  | "media.source_forbidden"
  | "media.frame_unavailable";

export interface TributaryErrorOptions {
  /** A pipeline error that ends the session or job, rather than one the caller can retry past. */
  fatal?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class TributaryError extends Error {
  readonly code: ErrorCode;
  readonly fatal: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: TributaryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TributaryError";
    this.code = code;
    this.fatal = options.fatal ?? false;
    this.details = options.details;
  }
}

/** True when `error` is a TributaryError, optionally with one of the given codes. */
export function isTributaryError(error: unknown, ...codes: ErrorCode[]): error is TributaryError {
  return error instanceof TributaryError && (codes.length === 0 || codes.includes(error.code));
}
