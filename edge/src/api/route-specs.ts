/** Every API operation as data: the OpenAPI document is built from this table, and a test checks it matches the mounted routes. */
import { z } from "zod";
import type { ApiKeyScope } from "#core/records/schemas.ts";
import * as s from "./api-schemas.ts";
import * as u from "./usage-schemas.ts";

export interface OperationSpec {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path template under `/api/v1`, e.g. `/streams/{id}`. */
  path: string;
  summary: string;
  scope: ApiKeyScope;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Accepts `Idempotency-Key`. */
  idempotent?: boolean;
  /** Success status and its body schema (`undefined` for 204). */
  success: { status: number; schema?: z.ZodType };
}

const list = <T extends z.ZodType>(item: T) => s.pageSchema(item);
const data = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

export const operations: readonly OperationSpec[] = [
  { method: "post", path: "/streams", summary: "Create a live stream (stream key shown once)", scope: "write", body: s.streamCreateSchema, idempotent: true, success: { status: 201, schema: s.streamViewSchema } },
  { method: "get", path: "/streams", summary: "List live streams", scope: "read", query: s.pageQuerySchema, success: { status: 200, schema: list(s.streamViewSchema) } },
  { method: "get", path: "/streams/{id}", summary: "Get a live stream with status and ingest health", scope: "read", success: { status: 200, schema: s.streamViewSchema } },
  { method: "patch", path: "/streams/{id}", summary: "Change a live stream's settings", scope: "write", body: s.streamUpdateSchema, success: { status: 200, schema: s.streamViewSchema } },
  { method: "delete", path: "/streams/{id}", summary: "Delete a live stream", scope: "write", success: { status: 204 } },
  { method: "post", path: "/streams/{id}/rotate-key", summary: "Replace the stream key and SRT passphrase (shown once)", scope: "write", success: { status: 200, schema: s.streamViewSchema } },
  { method: "post", path: "/playback-tokens", summary: "Mint a playback token with HLS and DASH URLs", scope: "read", body: s.playbackTokenRequestSchema, success: { status: 201, schema: s.playbackTokenResponseSchema } },
  { method: "post", path: "/signing-keys", summary: "Create a tenant signing key (private JWK shown once)", scope: "admin", body: s.signingKeyCreateSchema, idempotent: true, success: { status: 201, schema: s.signingKeyCreatedSchema } },
  { method: "get", path: "/signing-keys", summary: "List tenant signing keys (public halves)", scope: "read", success: { status: 200, schema: data(s.signingKeyViewSchema) } },
  { method: "delete", path: "/signing-keys/{kid}", summary: "Revoke a tenant signing key", scope: "admin", success: { status: 204 } },
  { method: "post", path: "/api-keys", summary: "Create an API key (shown once)", scope: "admin", body: s.apiKeyCreateSchema, idempotent: true, success: { status: 201, schema: s.apiKeyCreatedSchema } },
  { method: "get", path: "/api-keys", summary: "List API keys", scope: "admin", success: { status: 200, schema: data(s.apiKeyViewSchema) } },
  { method: "delete", path: "/api-keys/{id}", summary: "Revoke an API key", scope: "admin", success: { status: 204 } },
  { method: "get", path: "/assets", summary: "List assets", scope: "read", query: s.pageQuerySchema, success: { status: 200, schema: list(s.assetViewSchema) } },
  { method: "get", path: "/assets/{id}", summary: "Get an asset", scope: "read", success: { status: 200, schema: s.assetViewSchema } },
  { method: "post", path: "/assets", summary: "Ingest a video from a public http(s) URL", scope: "write", body: s.assetIngestSchema, idempotent: true, success: { status: 201, schema: s.assetViewSchema } },
  { method: "post", path: "/assets/{id}/captions", summary: "Add a WebVTT caption track to a ready asset (HLS subtitles and a DASH text AdaptationSet)", scope: "write", body: s.captionAddSchema, success: { status: 201, schema: s.assetViewSchema } },
  { method: "delete", path: "/assets/{id}", summary: "Delete an asset and its media (a running transcode is cancelled)", scope: "write", success: { status: 204 } },
  { method: "post", path: "/uploads/{id}/complete", summary: "Complete a presigned upload (s3-put): its size is checked and it is queued", scope: "write", success: { status: 200, schema: s.uploadCompletedSchema } },
  { method: "post", path: "/uploads", summary: "Create an upload: a single-use, expiring tus URL for one video file", scope: "write", body: s.uploadCreateSchema, idempotent: true, success: { status: 201, schema: s.uploadCreatedSchema } },
  { method: "post", path: "/webhooks", summary: "Add a webhook endpoint (signing secret shown once)", scope: "admin", body: s.webhookCreateSchema, idempotent: true, success: { status: 201, schema: s.webhookCreatedSchema } },
  { method: "get", path: "/webhooks", summary: "List webhook endpoints", scope: "read", success: { status: 200, schema: data(s.webhookViewSchema) } },
  { method: "delete", path: "/webhooks/{id}", summary: "Remove a webhook endpoint", scope: "admin", success: { status: 204 } },
  { method: "get", path: "/usage", summary: "Metered usage per hour or day, grouped by media, stream, country, rendition or tier (CSV with Accept: text/csv)", scope: "read", query: u.usageQuerySchema, success: { status: 200, schema: u.usageResponseSchema } },
  { method: "get", path: "/invoices/{month}", summary: "The month's invoice lines, each with the SQL that produced it (CSV with Accept: text/csv)", scope: "read", success: { status: 200, schema: u.invoiceSchema } },
  { method: "get", path: "/admin/usage", summary: "Every tenant's metered usage (platform operator only)", scope: "admin", query: u.usageQuerySchema, success: { status: 200, schema: u.usageResponseSchema } },
  { method: "get", path: "/admin/price-books/{tenantId}", summary: "A tenant's price book, in micro-units (platform operator only)", scope: "admin", success: { status: 200, schema: u.priceBookSchema } },
  { method: "put", path: "/admin/price-books/{tenantId}", summary: "Set a tenant's price book; fields left out take the defaults (platform operator only)", scope: "admin", body: u.priceBookSchema, success: { status: 200, schema: u.priceBookSchema } },
  { method: "get", path: "/admin/invoices/{month}", summary: "Every tenant's invoice for the month (platform operator only)", scope: "admin", success: { status: 200, schema: u.invoicesSchema } },
  { method: "get", path: "/webhooks/{id}/deliveries", summary: "List an endpoint's deliveries and their attempts", scope: "read", query: s.pageQuerySchema, success: { status: 200, schema: list(s.deliveryViewSchema) } },
];
