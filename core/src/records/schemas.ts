/** Record schemas for what Tributary keeps in storage (ARCHITECTURE.md "Storage layout"). */
import { z } from "zod";
import { ENCRYPTIONS } from "../drm/content-key.ts";
import { DEFAULT_KEY_ROTATION_SEGMENTS } from "../drm/key-period.ts";
import { DOWNLOAD_NAMES } from "../storage/keys.ts";

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO date");
const secretHash = z.string().regex(/^sha256:[0-9a-f]{64}$/);

export const apiKeyScopeSchema = z.enum(["read", "write", "admin"]);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

export const apiKeyRecordSchema = z.object({
  id,
  name: z.string().max(100),
  hash: secretHash,
  scopes: z.array(apiKeyScopeSchema).min(1),
  createdAt: isoDate,
  revokedAt: isoDate.optional(),
});

export const tenantRecordSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  createdAt: isoDate,
  apiKeys: z.array(apiKeyRecordSchema).default([]),
  /** Public JWKs tenants sign their own playback tokens with (private halves never stored). */
  signingKeys: z.array(z.record(z.string(), z.unknown())).default([]),
});
export type TenantRecord = z.infer<typeof tenantRecordSchema>;

export const latencyModeSchema = z.enum(["normal", "low"]);

/** Content protection of a stream's or asset's media (core/src/drm/content-key.ts). */
export const encryptionSchema = z.enum(ENCRYPTIONS);

/** Segments per live key period: a new content key every this many segments. */
export const keyRotationSegmentsSchema = z.number().int().min(1).max(100_000);

export const streamRecordSchema = z.object({
  id,
  tenantId: id,
  name: z.string().min(1).max(200),
  createdAt: isoDate,
  /** Hash of the stream key; the key itself is shown once at creation or rotation. */
  streamKeyHash: secretHash,
  /** Ladder profile name or explicit rungs, as the API accepted them (core/src/ladder/stream-ladder.ts). */
  ladder: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]).default("default"),
  latencyMode: latencyModeSchema.default("normal"),
  recording: z.boolean().default(true),
  /** Seconds of rewind offered while live; 0 disables DVR. */
  dvrWindowSeconds: z.number().int().min(0).max(86_400).default(7_200),
  /** Seconds a dropped publisher may take to come back before the stream ends. */
  reconnectWindowSeconds: z.number().int().min(0).max(3_600).default(60),
  /** SRT passphrase (10–79 characters, libsrt's rule); stored as given because SRT needs it to decrypt. */
  srtPassphrase: z.string().min(10).max(79).optional(),
  encryption: encryptionSchema.default("none"),
  keyRotationSegments: keyRotationSegmentsSchema.default(DEFAULT_KEY_ROTATION_SEGMENTS),
  status: z.enum(["idle", "live", "reconnecting"]).default("idle"),
  /** The media id of the current (or last) broadcast. */
  currentMediaId: id.optional(),
  webhooks: z.array(z.object({ url: z.url(), secretHash: secretHash.optional() })).default([]),
});
export type StreamRecord = z.infer<typeof streamRecordSchema>;

export const assetStatusSchema = z.enum(["created", "uploading", "queued", "processing", "ready", "errored"]);
export type AssetStatus = z.infer<typeof assetStatusSchema>;

export const assetRecordSchema = z.object({
  id,
  tenantId: id,
  kind: z.enum(["upload", "recording"]),
  createdAt: isoDate,
  /** The media id playback URLs use. */
  mediaId: id,
  sourceStreamId: id.optional(),
  /** An upload's asset goes `created → uploading → queued → processing → ready | errored` (core/src/vod/asset-state.ts). */
  status: assetStatusSchema,
  /** The name the uploader gave it. */
  name: z.string().max(200).optional(),
  durationSeconds: z.number().nonnegative().optional(),
  /** A recording's is its stream's at the time of the broadcast. */
  encryption: encryptionSchema.default("none"),
  renditions: z.array(z.object({ name: z.string(), width: z.number().int(), height: z.number().int(), bandwidth: z.number().int() })).default([]),
  /** Static MP4s for download (`/p/<token>/<mediaId>/download/<name>`, tokens with `downloadable` only). */
  downloads: z.array(z.object({ name: z.enum(DOWNLOAD_NAMES), bytes: z.number().int().nonnegative(), contentType: z.string() })).optional(),
  /** Scrub previews: `storyboard.vtt` indexes tiles of `storyboard.jpg`, one every `intervalSeconds`. */
  storyboard: z
    .object({ sprite: z.literal("storyboard.jpg"), index: z.literal("storyboard.vtt"), intervalSeconds: z.number().positive(), tileWidth: z.number().int().positive(), tileHeight: z.number().int().positive(), columns: z.number().int().positive(), rows: z.number().int().positive(), tiles: z.number().int().positive() })
    .optional(),
  /** Caption tracks, one per language (core/src/captions/publish-captions.ts). */
  captions: z.array(z.object({ language: z.string().max(32), label: z.string().max(100), cues: z.number().int().nonnegative(), addedAt: isoDate })).default([]),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  job: z.object({ backend: z.enum(["local", "mediaconvert"]), id: z.string().optional(), progress: z.number().min(0).max(1).optional() }).optional(),
});
export type AssetRecord = z.infer<typeof assetRecordSchema>;
/** An asset as writers give it: defaulted fields (`encryption`, `renditions`) may be left out. */
export type AssetRecordInput = z.input<typeof assetRecordSchema>;

/** `live/<streamId>/origin.json`: which relay holds the stream now, so the edge routes without shared state. */
export const liveOriginSchema = z.object({
  streamId: id,
  mediaId: id,
  tenantId: id,
  /** Base URL of the relay's origin HTTP server, e.g. `http://10.0.1.5:8080`. */
  originUrl: z.url(),
  relayId: z.string().max(128),
  startedAt: isoDate,
  state: z.enum(["live", "reconnecting", "ended"]),
  endedAt: isoDate.optional(),
  /** Last time the relay rewrote the pointer (platform/layout.ts LIVE_POINTER); absent on pointers older than heartbeats. */
  heartbeatAt: isoDate.optional(),
  latencyMode: latencyModeSchema.default("normal"),
});
export type LiveOrigin = z.infer<typeof liveOriginSchema>;

/** `media/<mediaId>/…` belongs to exactly one tenant; this pointer lets the edge check that fast. */
export const mediaRecordSchema = z.object({
  id,
  tenantId: id,
  kind: z.enum(["live", "vod"]),
  streamId: id.optional(),
  assetId: id.optional(),
  createdAt: isoDate,
});
export type MediaRecord = z.infer<typeof mediaRecordSchema>;
