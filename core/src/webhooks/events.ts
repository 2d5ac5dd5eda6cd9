/** Webhook events: what happened, to which tenant's stream or asset. The envelope is the body receivers get. */
import { z } from "zod";

export const webhookEventTypes = ["stream.connected", "stream.live", "stream.disconnected", "stream.ended", "recording.ready", "asset.ready", "asset.errored"] as const;
export const webhookEventTypeSchema = z.enum(webhookEventTypes);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

export const webhookEventSchema = z.object({
  /** Stable across retries, so receivers can drop duplicates. */
  id: z.string(),
  type: webhookEventTypeSchema,
  createdAt: z.string(),
  tenantId: z.string(),
  /** e.g. `{streamId, mediaId}` for stream.*, `{streamId, assetId, mediaId}` for recording.ready, `{assetId, mediaId}` and an `error` for asset.*. */
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
