/**
 * The usage record: one open schema for everything billing reads (docs/usage.md). Edge responses,
 * relay ingest/transcode/record intervals, VOD encodes and the daily storage inventory all write
 * records of this shape as gzip NDJSON under `usage/`. The zod schema is the single definition: the
 * query engines' column lists and the Glue table are derived from it.
 */
import { z } from "zod";

/** What a record meters. Edge kinds name the response; the rest name work the platform did. */
export const usageKinds = ["manifest", "part", "segment", "init", "key", "other", "ingest", "transcode", "record", "encode", "storage"] as const;
export type UsageKind = (typeof usageKinds)[number];

/** Who wrote the record. */
export const usageSources = ["edge", "relay", "vod", "inventory"] as const;
export type UsageSource = (typeof usageSources)[number];

/** Billing's resolution tiers: SD < 720p ≤ HD < 2160p ≤ UHD. */
export const resolutionTiers = ["SD", "HD", "UHD"] as const;
export type ResolutionTier = (typeof resolutionTiers)[number];

export function resolutionTier(height: number): ResolutionTier {
  return height >= 2160 ? "UHD" : height >= 720 ? "HD" : "SD";
}

/** What kind of media a storage record counts; recordings and VOD are billed apart. */
export const storedMediaTypes = ["live", "recording", "vod"] as const;

const cmcdValue = z.union([z.string(), z.number(), z.boolean()]);

export const usageRecordSchema = z.object({
  /** Unique per record; queries dedupe on it, so replaying a batch never double counts. */
  id: z.string().min(1),
  /** ISO instant the record describes (for an interval, its start). Records are filed under this hour, however late they arrive. */
  at: z.iso.datetime(),
  source: z.enum(usageSources),
  tenantId: z.string().optional(),
  mediaId: z.string(),
  /** The stream a live media belongs to. */
  streamId: z.string().optional(),
  kind: z.enum(usageKinds),
  rendition: z.string().optional(),
  tier: z.enum(resolutionTiers).optional(),
  /** Edge: bytes sent. Storage: bytes stored. Otherwise bytes written, or 0. */
  bytes: z.number().int().nonnegative(),
  /** Media time the record covers: delivered, ingested, transcoded, recorded, encoded, or stored. */
  mediaSeconds: z.number().nonnegative().optional(),
  /** Ingest: wall-clock seconds the publisher was connected in this interval. */
  connectedSeconds: z.number().nonnegative().optional(),
  /** Storage: what kind of media the bytes belong to. */
  mediaType: z.enum(storedMediaTypes).optional(),
  /** Edge: the response status. */
  status: z.number().int().optional(),
  cacheHit: z.boolean().optional(),
  country: z.string().optional(),
  /** Player session: CMCD `sid`, or one the edge minted. */
  sessionId: z.string().optional(),
  /** CMCD keys the player sent (CTA-5004), as parsed. */
  cmcd: z.record(z.string(), cmcdValue).optional(),
});

export type UsageRecord = z.infer<typeof usageRecordSchema>;

/** Where usage records go: batched objects in storage (Node) or log lines for Logpush (Workers). */
export interface UsageSink {
  record(record: UsageRecord): void;
  /** Writes out anything buffered. */
  flush(): Promise<void>;
}

/**
 * Classifies a media path (`720p/12.m4s`, `720p/12.3.m4s`, `master.m3u8`, `k/<keyId>`) for usage and
 * caching. An LL-HLS part is `<msn>.<index>.m4s` beside its segment
 * (transcoder/src/playlist/hls-serializer.ts); content keys are served under `k/`.
 */
export function classifyMediaPath(path: string): { kind: UsageKind; rendition?: string } {
  if (path.startsWith("k/") || path.includes("/k/")) return { kind: "key" };
  // Downloads are whole files, not segments a player plays: egress bytes, no delivered seconds.
  if (path.startsWith("download/")) return { kind: "other" };
  const slash = path.lastIndexOf("/");
  const rendition = slash > 0 ? path.slice(0, slash) : undefined;
  const kind = kindOfFile(path.slice(slash + 1));
  return rendition === undefined ? { kind } : { kind, rendition };
}

function kindOfFile(name: string): UsageKind {
  if (/\.(m3u8|mpd)$/.test(name)) return "manifest";
  if (/^init(-\d+)?\.mp4$/.test(name)) return "init";
  if (/^\d+\.\d+\.m4s$|\.part\d*\.m4s$|^part/.test(name)) return "part";
  if (/\.key$/.test(name)) return "key";
  if (/\.(m4s|mp4|ts|aac|m4a)$/.test(name)) return "segment";
  return "other";
}
