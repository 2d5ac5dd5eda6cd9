/**
 * The one place an error code becomes an HTTP answer: status, the code the body names, and how much
 * of the error a client may read. Surfaces (the edge's playback side, the broadcaster API, the relay's
 * live origin) only shape the body and headers. Rule of thumb: a 4xx message describes the client's
 * request, so it goes out; a 5xx message describes our internals (keys, paths, upstreams), so a fixed
 * phrase goes out instead. Details (API bodies only) go out only where they are written for clients.
 */
import { isTributaryError, type ErrorCode } from "../errors.ts";

/** What of an error a response may carry. */
export type Disclosure =
  /** Code, message and details: all written for the client (e.g. `details.issues`, `retryAfterSeconds`). */
  | "details"
  /** Code and message; the details may name keys or ids of others and stay out. */
  | "message"
  /** This fixed text in place of the error's message, and no details. */
  | { text: string };

export interface HttpErrorRule {
  status: number;
  show: Disclosure;
  /** The code the body names in place of the error's own, where the own one would say too much. */
  as?: PublicErrorCode;
}

/** A code a response body may name: an error's own or `internal` for anything not meant for clients. */
export type PublicErrorCode = ErrorCode | "internal";

const INTERNAL_TEXT = "internal error";

/** Anything that is not a client's doing: 500 with nothing of the error in the body. */
export const INTERNAL_ERROR: HttpErrorRule = { status: 500, show: { text: INTERNAL_TEXT }, as: "internal" };

const notFound: HttpErrorRule = { status: 404, show: { text: "not found" }, as: "request.not_found" };

/** Every code's answer on every surface unless the surface overrides it. */
export const HTTP_ERRORS: Readonly<Record<ErrorCode, HttpErrorRule>> = {
  // Start-up configuration: never a request's doing.
  "config.invalid": INTERNAL_ERROR,
  // A store's own not-found names the key; say what any missing object says.
  "storage.not_found": notFound,
  // A conditional write lost to another writer (callers usually retry or turn it into record.conflict first).
  "storage.precondition_failed": { status: 412, show: { text: "precondition failed" } },
  // A name that can never be a key names nothing, so it answers like a missing object: a 400 would
  // confirm which names are keys, and the messages quote key fragments and the store's layout
  // (fs segment lengths, prefixes). On the API too: an impossible id in a path is a missing resource
  // (as Stripe and GitHub answer it), and the API's 400 promises `details.issues`, which this lacks.
  "storage.invalid_key": notFound,
  // Messages and details name store operations, buckets and filesystem paths.
  "storage.unavailable": { status: 503, show: { text: "storage unavailable" } },
  // RFC 9110 §15.5.17: the range starts past the object's end.
  "storage.range_not_satisfiable": { status: 416, show: "message" },
  // A stored record failed its schema: our data, not the client's.
  "record.invalid": INTERNAL_ERROR,
  // "tenant already exists", "still in progress"; details may hold a storage key.
  "record.conflict": { status: 409, show: "message" },
  "token.missing": { status: 401, show: "message" },
  "token.invalid": { status: 401, show: "message" },
  "token.expired": { status: 401, show: "message" },
  "token.not_yet_valid": { status: 401, show: "message" },
  "token.wrong_audience": { status: 401, show: "message" },
  "token.unknown_key": { status: 401, show: "message" },
  "token.too_large": { status: 401, show: "message" },
  // A valid token, for other media: authenticated but not allowed.
  "token.wrong_media": { status: 403, show: "message" },
  // A valid token for this media that does not carry `downloadable: true`.
  "token.not_downloadable": { status: 403, show: "message" },
  "access.ip_denied": { status: 403, show: "message" },
  "access.country_denied": { status: 403, show: "message" },
  "access.referrer_denied": { status: 403, show: "message" },
  // `details.issues` lists every problem (the API's documented 400).
  "request.invalid": { status: 400, show: "details" },
  "request.not_found": { status: 404, show: "message" },
  // A body past the surface's size limit, refused before it is read whole.
  "request.too_large": { status: 413, show: "message" },
  "auth.unauthorized": { status: 401, show: "message" },
  // `details.required` names the missing scope.
  "auth.forbidden": { status: 403, show: "details" },
  // `details.retryAfterSeconds` becomes Retry-After.
  "auth.rate_limited": { status: 429, show: "details" },
  // Same Idempotency-Key, other body: understood but refused (RFC 9110 §15.5.21).
  "request.idempotency_mismatch": { status: 422, show: "message" },
  // Raised by webhook receivers' verification, which is theirs to answer; none of our routes verify.
  "webhook.signature_invalid": { status: 401, show: "message" },
  "webhook.timestamp_out_of_range": { status: 401, show: "message" },
  // A delivery refused at connect time; the message names the tenant's own host and the rule.
  "webhook.target_forbidden": { status: 400, show: "message" },
  // An upstream (relay, storage origin) did not answer in time; its name stays out.
  "origin.timeout": { status: 504, show: { text: "upstream timed out" } },
  "origin.failed": { status: 502, show: { text: "upstream failed" } },
  // Ingest, transcode and media parsing end RTMP/SRT sessions and jobs; on HTTP they are our fault.
  "ingest.bad_stream_key": INTERNAL_ERROR,
  "ingest.already_publishing": INTERNAL_ERROR,
  "ingest.protocol": INTERNAL_ERROR,
  "ingest.size_limit": INTERNAL_ERROR,
  "ingest.timeout": INTERNAL_ERROR,
  "transcode.failed": INTERNAL_ERROR,
  "transcode.unavailable": INTERNAL_ERROR,
  "media.invalid": INTERNAL_ERROR,
  // Usage and invoices need a query engine (DuckDB on Node, Athena on AWS) this deployment lacks.
  // Frames at any time are decoded by ffmpeg, which only the Node edge has.
  "media.frame_unavailable": { status: 501, show: { text: "pictures at any time are decoded on the Node edge only; this edge serves storyboard.vtt (scrub previews) and poster.jpg" } },
  "usage.engine_unavailable": { status: 501, show: { text: "usage and invoices need a query engine this edge lacks (DuckDB on the Node edge, or Athena)" } },
  // A usage query the engine (DuckDB, Athena) failed or gave up on; its message names tables and engine internals.
  "usage.query_failed": { status: 503, show: { text: "usage query failed" } },
  // A key provider (local or SPEKE) failed; its message may name the provider's endpoint.
  "drm.key_unavailable": INTERNAL_ERROR,
  // An unknown or forged key id answers like any missing object.
  "drm.key_not_found": notFound,
  // A sealed key that does not open under the master key: our data or config, never the client's.
  "drm.unseal_failed": INTERNAL_ERROR,
  // A source over the caps its upload was created with; the message names the cap and the value.
  "media.limit_exceeded": { status: 422, show: "message" },
  // An ingest URL whose address the outbound rule forbids; the message names the tenant's own host and the rule.
  "media.source_forbidden": { status: 400, show: "message" },
};

/**
 * Where an answer is written. `playback`: the edge's viewer side (playback URLs, pages, its fallbacks).
 * `api`: the broadcaster API. `relay`: the relay's live origin, which the edge proxies.
 */
export type HttpSurface = "playback" | "api" | "relay";

/** Where a surface answers a code differently from `HTTP_ERRORS`, and why. */
export const SURFACE_OVERRIDES: Readonly<Record<HttpSurface, Readonly<Partial<Record<ErrorCode, HttpErrorRule>>>>> = {
  playback: {},
  api: {},
  relay: {
    // The relay is the origin here, not a gateway: a blocking reload whose position did not appear
    // within the wait (3 × target duration) is momentary unavailability; the player asks again.
    // The message only restates the request, and the edge turns any relay 5xx into origin.failed.
    "origin.timeout": { status: 503, show: "message" },
  },
};

/** The rule `surface` answers `code` with; a code outside the union (a cast) is internal. */
export function httpErrorRule(code: ErrorCode, surface: HttpSurface): HttpErrorRule {
  // Own properties only, so no code can find one of Object.prototype's.
  const overrides = SURFACE_OVERRIDES[surface];
  const override = Object.hasOwn(overrides, code) ? overrides[code] : undefined;
  return override ?? (Object.hasOwn(HTTP_ERRORS, code) ? HTTP_ERRORS[code] : INTERNAL_ERROR);
}

/** What a response says about an error: everything a surface may put in the body. */
export interface HttpErrorAnswer {
  status: number;
  code: PublicErrorCode;
  message: string;
  /** Empty unless the rule discloses details. */
  details: Record<string, unknown>;
}

const INTERNAL_ANSWER: HttpErrorAnswer = { status: 500, code: "internal", message: INTERNAL_TEXT, details: {} };

/**
 * The answer to `error` on `surface`; anything that is not a TributaryError is `internal`.
 * @example
 * const { status, code, message } = httpErrorAnswer(error, "playback");
 * return Response.json({ error: { code, message } }, { status });
 */
export function httpErrorAnswer(error: unknown, surface: HttpSurface): HttpErrorAnswer {
  if (!isTributaryError(error)) return { ...INTERNAL_ANSWER, details: {} };
  const { status, show, as } = httpErrorRule(error.code, surface);
  return {
    status,
    code: as ?? error.code,
    message: typeof show === "object" ? show.text : error.message,
    details: show === "details" ? (error.details ?? {}) : {},
  };
}
