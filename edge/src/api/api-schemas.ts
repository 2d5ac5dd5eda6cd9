/** Request and response shapes of the broadcaster API: validation and the OpenAPI document both come from these. */
import { z } from "zod";
import { abrCapsSchema, accessRulesSchema } from "#core/tokens/claims.ts";
import { ingestHealthSchema } from "#core/records/ingest-health.ts";
import { apiKeyScopeSchema, assetRecordSchema, encryptionSchema, keyRotationSegmentsSchema, latencyModeSchema, streamRecordSchema } from "#core/records/schemas.ts";
import { streamLadderSchema } from "#core/ladder/stream-ladder.ts";
import { webhookEventTypeSchema } from "#core/webhooks/events.ts";
import { deliveryAttemptSchema } from "#core/webhooks/deliveries.ts";

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }),
});

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(1024).optional(),
});

export const streamCreateSchema = z
  .object({
    name: z.string().min(1).max(200),
    ladder: streamLadderSchema.optional(),
    latencyMode: latencyModeSchema.optional(),
    recording: z.boolean().optional(),
    dvrWindowSeconds: z.number().int().min(0).max(86_400).optional(),
    reconnectWindowSeconds: z.number().int().min(0).max(3_600).optional(),
    srtPassphrase: z.string().min(10).max(79).optional().describe("libsrt's rule: 10-79 characters; generated when absent"),
    encryption: encryptionSchema.optional().describe("Content protection: none (default), aes-128 (HLS only), cenc or cbcs; applies from the next broadcast"),
    keyRotationSegments: keyRotationSegmentsSchema.optional().describe("Segments per content key while live (default 30, about a minute)"),
  })
  .strict();

export const streamUpdateSchema = streamCreateSchema.partial().strict();

export const ingestSchema = z.object({
  rtmp: z.object({ server: z.string(), url: z.string() }),
  rtmps: z.object({ server: z.string(), url: z.string() }),
  srt: z.object({ url: z.string(), passphrase: z.string().optional() }),
  /** WebRTC ingest (RFC 9725): POST an SDP offer here with `Authorization: Bearer <stream key>`. */
  whip: z.object({ url: z.string() }).optional(),
  /** Present only on create and rotate-key. */
  streamKey: z.string().optional(),
});

export const streamViewSchema = z.object({
  id,
  name: z.string(),
  createdAt: z.string(),
  ladder: streamRecordSchema.shape.ladder.describe("The stream's ladder profile name or explicit rungs"),
  latencyMode: latencyModeSchema,
  recording: z.boolean(),
  dvrWindowSeconds: z.number().int(),
  reconnectWindowSeconds: z.number().int(),
  encryption: encryptionSchema,
  keyRotationSegments: z.number().int(),
  status: z.enum(["idle", "live", "reconnecting"]),
  mediaId: id.optional(),
  ingest: ingestSchema,
  health: ingestHealthSchema.optional(),
});

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().optional() });

export const playbackTokenRequestSchema = z
  .object({
    mediaId: id.optional(),
    streamId: id.optional().describe("Mint for the stream's current media instead of naming it"),
    expiresIn: z.number().int().min(60).max(30 * 86_400).default(3_600).describe("Seconds"),
    notBeforeIn: z.number().int().min(0).max(30 * 86_400).optional(),
    rules: accessRulesSchema.optional(),
    caps: abrCapsSchema.optional(),
    downloadable: z.boolean().optional().describe("Let the token fetch the asset's downloads (urls.download)"),
    clip: z
      .object({ start: z.number().nonnegative().max(1e9), end: z.number().positive().max(1e9) })
      .strict()
      .refine((clip) => clip.end > clip.start, { message: "end must be greater than start", path: ["end"] })
      .optional()
      .describe("An instant clip in media seconds: manifests list only the segments covering it (HLS); overrides clipStart/clipEnd in the URL"),
  })
  .strict()
  .refine((body) => (body.mediaId === undefined) !== (body.streamId === undefined), { message: "give exactly one of mediaId and streamId", path: ["mediaId"] });

export const playbackTokenResponseSchema = z.object({
  token: z.string(),
  mediaId: id,
  expiresAt: z.string(),
  urls: z.object({ hls: z.string(), dash: z.string(), whep: z.string().describe("WebRTC playback (WHEP): POST an SDP offer; live streams only"), download: z.string().optional().describe("The highest-quality MP4; downloadable tokens only") }),
});

export const signingKeyCreateSchema = z.object({ alg: z.enum(["ES256", "EdDSA"]).default("ES256") }).strict();
export const signingKeyViewSchema = z.object({ kid: z.string(), alg: z.enum(["ES256", "EdDSA"]), publicJwk: z.record(z.string(), z.unknown()), createdAt: z.string() });
export const signingKeyCreatedSchema = signingKeyViewSchema.extend({ privateJwk: z.record(z.string(), z.unknown()) });

export const apiKeyCreateSchema = z.object({ name: z.string().min(1).max(100), scopes: z.array(apiKeyScopeSchema).min(1) }).strict();
export const apiKeyViewSchema = z.object({ id, name: z.string(), scopes: z.array(apiKeyScopeSchema), createdAt: z.string(), revokedAt: z.string().optional() });
export const apiKeyCreatedSchema = apiKeyViewSchema.extend({ key: z.string().describe("Shown once") });

export const webhookCreateSchema = z
  .object({ url: z.url({ protocol: /^https?$/ }).max(2048), events: z.array(webhookEventTypeSchema).min(1) })
  .strict();
export const webhookViewSchema = z.object({ id, url: z.string(), events: z.array(webhookEventTypeSchema), createdAt: z.string() });
export const webhookCreatedSchema = webhookViewSchema.extend({ secret: z.string().describe("Shown once; verify `Tributary-Signature` with it") });
export const deliveryViewSchema = z.object({
  id,
  event: z.object({ id: z.string(), type: webhookEventTypeSchema, createdAt: z.string(), data: z.record(z.string(), z.unknown()) }),
  state: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.array(deliveryAttemptSchema),
  nextAttemptAt: z.string().optional(),
});

export const assetViewSchema = assetRecordSchema.omit({ tenantId: true, job: true }).extend({ progress: z.number().min(0).max(1).describe("Share of the transcode done") });

const sourceCaps = {
  ladder: streamLadderSchema.optional(),
  maxDurationSeconds: z.number().positive().max(24 * 3600).optional().describe("Longer sources become errored"),
  maxSizeBytes: z.number().int().positive().max(100 * 1024 ** 3).optional().describe("The upload refuses more bytes than this"),
};

export const captionAddSchema = z
  .object({
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/).max(32).describe("BCP 47 language tag, e.g. en or pt-BR; adding a language again replaces its track"),
    label: z.string().min(1).max(100).describe("The name players show for the track"),
    vtt: z.string().min(1).describe("The WebVTT file; refused with the line number when it does not parse"),
  })
  .strict();

export const uploadCreateSchema = z
  .object({
    name: z.string().min(1).max(200),
    ...sourceCaps,
    encryption: encryptionSchema.optional().describe("Content protection: none (default), aes-128 (HLS only), cenc or cbcs"),
    recordingOf: id.optional().describe("The stream this file is a recording of"),
  })
  .strict();

export const uploadCreatedSchema = z.object({
  uploadId: id,
  assetId: id,
  url: z.string().describe("tus 1.0 creation URL (single use); presigned PUT where protocol is s3-put"),
  protocol: z.enum(["tus", "s3-put"]),
  expiresAt: z.string(),
});

export const uploadCompletedSchema = z.object({ assetId: id, state: z.enum(["queued", "processing", "ready", "errored", "canceled"]) });

export const assetIngestSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2048),
    name: z.string().min(1).max(200).optional(),
    ...sourceCaps,
    encryption: encryptionSchema.optional().describe("Content protection: none (default), aes-128 (HLS only), cenc or cbcs"),
  })
  .strict();
