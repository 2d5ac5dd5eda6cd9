/**
 * The live origin's media handlers: LL-HLS playlists with blocking reload and delta updates, headers,
 * parts (waiting for a preload-hinted one), whole segments, and in-progress segments streamed with
 * chunked transfer as their parts arrive (LL-DASH, RFC 8216bis §6.2.5, DASH-IF IOP LL-DASH).
 */
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { parseDeliveryDirectives } from "./blocking-query.ts";
import type { LiveMedia, SegmentBody } from "./live-media.ts";

/** How long a request may be parked before the origin answers 503 (policy as data). */
export interface WaitPolicy {
  /** Blocking playlist reloads and not-yet-written parts/segments, ms; e.g. 3 × target duration. */
  maxWaitMs: number;
}

export const CACHE = { playlist: "no-cache, no-store", media: "public, max-age=31536000, immutable" } as const;
export const CONTENT_TYPE = { hls: "application/vnd.apple.mpegurl", dash: "application/dash+xml" } as const;

export interface MediaContext {
  media: LiveMedia;
  clock: Clock;
  waitPolicy: WaitPolicy;
}

const FILE = { segment: /^(\d{1,15})\.m4s$/, part: /^(\d{1,15})\.(\d{1,6})\.m4s$/, init: /^init(?:-(\d{1,6}))?\.mp4$/ } as const;

const timeout = () => new TributaryError("origin.timeout", "the requested position did not appear in time");
const notFound = () => new TributaryError("request.not_found", "no such live object");

function mediaResponse(body: BodyInit, kind: "video" | "audio"): Response {
  return new Response(body, { headers: { "content-type": `${kind}/mp4`, "cache-control": CACHE.media } });
}

/** GET `<rendition>/index.m3u8` with optional `_HLS_msn`, `_HLS_part`, `_HLS_skip`. */
export async function mediaPlaylist(ctx: MediaContext, rendition: string, query: URLSearchParams): Promise<Response> {
  const { media, clock } = ctx;
  const directives = parseDeliveryDirectives(query);
  const deadline = clock.now() + ctx.waitPolicy.maxWaitMs;
  if (directives.msn !== undefined) {
    // §6.2.5.2: more than two segments ahead of the playlist cannot be waited for.
    const last = media.lastMsn(rendition) ?? -1;
    if (directives.msn > last + 2) throw new TributaryError("request.invalid", `_HLS_msn ${directives.msn} is beyond the last segment ${last} + 2`);
    const reached = await media.awaitPlaylist(rendition, { msn: directives.msn, ...(directives.part !== undefined ? { part: directives.part } : {}) }, deadline);
    if (!reached && !media.ended) throw timeout();
  } else if (!(await media.awaitListed(rendition, deadline))) {
    throw media.ended ? notFound() : timeout();
  }
  const text = media.mediaPlaylist(rendition, { skip: directives.skip });
  if (text === undefined) throw notFound();
  return new Response(text, { headers: { "content-type": CONTENT_TYPE.hls, "cache-control": CACHE.playlist } });
}

/** GET `<rendition>/<file>` for headers, parts and segments. */
export async function mediaObject(ctx: MediaContext, rendition: string, file: string, kind: "video" | "audio", signal: AbortSignal): Promise<Response> {
  const init = FILE.init.exec(file);
  if (init !== null) {
    const bytes = ctx.media.init(rendition, Number(init[1] ?? 0));
    if (bytes === undefined) throw notFound();
    return mediaResponse(bytes as Uint8Array<ArrayBuffer>, kind);
  }
  const part = FILE.part.exec(file);
  if (part !== null) return partResponse(ctx, rendition, Number(part[1]), Number(part[2]), kind);
  const segment = FILE.segment.exec(file);
  if (segment !== null) return segmentResponse(ctx, rendition, Number(segment[1]), kind, signal);
  throw notFound();
}

/** A part that is not there yet but is at most two segments ahead is waited for (preload hints, §4.4.5.3). */
async function awaitAhead(ctx: MediaContext, rendition: string, msn: number, part: number): Promise<void> {
  const { media } = ctx;
  const last = media.lastMsn(rendition);
  if (media.ended || last === undefined || msn > last + 2) throw notFound();
  const reached = await media.awaitPlaylist(rendition, { msn, part }, ctx.clock.now() + ctx.waitPolicy.maxWaitMs);
  if (!reached && !media.ended) throw timeout();
}

async function partResponse(ctx: MediaContext, rendition: string, msn: number, index: number, kind: "video" | "audio"): Promise<Response> {
  let bytes = ctx.media.part(rendition, msn, index);
  if (bytes === undefined) {
    await awaitAhead(ctx, rendition, msn, index);
    bytes = ctx.media.part(rendition, msn, index);
  }
  if (bytes === undefined) throw notFound();
  return mediaResponse(bytes as Uint8Array<ArrayBuffer>, kind);
}

async function segmentResponse(ctx: MediaContext, rendition: string, msn: number, kind: "video" | "audio", signal: AbortSignal): Promise<Response> {
  let body = ctx.media.segment(rendition, msn);
  if (body === undefined) {
    // LL-DASH asks for a segment as soon as its first part may exist (availabilityTimeOffset).
    await awaitAhead(ctx, rendition, msn, 0);
    body = ctx.media.segment(rendition, msn);
  }
  if (body === undefined) throw notFound();
  if (body.kind === "complete") return mediaResponse(body.bytes as Uint8Array<ArrayBuffer>, kind);
  if (body.kind === "open") return mediaResponse(followStream(body, signal), kind);
  const stored = await body.read();
  if (stored === undefined) throw notFound();
  return mediaResponse(stored, kind);
}

/** The open segment as a byte stream: parts so far, then each new part, closed when the segment completes. */
function followStream(body: Extract<SegmentBody, { kind: "open" }>, signal: AbortSignal): ReadableStream<Uint8Array> {
  let unsubscribe: () => void = () => undefined;
  let done = false;
  const finish = () => {
    done = true;
    unsubscribe();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      unsubscribe = body.follow({
        part: (bytes) => {
          if (!done) controller.enqueue(bytes);
        },
        end: () => {
          if (done) return;
          finish();
          controller.close();
        },
      });
      signal.addEventListener("abort", finish, { once: true });
    },
    cancel: finish,
  });
}
