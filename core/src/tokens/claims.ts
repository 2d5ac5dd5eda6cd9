/** Playback token claims (ARCHITECTURE.md "Tokens and keys"). */
import { z } from "zod";

export const PLAYBACK_AUDIENCE = "playback";

export const accessRulesSchema = z
  .object({
    /** CIDR blocks (IPv4 or IPv6) the viewer's address must fall in. */
    ip: z.array(z.string().max(64)).max(64).optional(),
    /** ISO 3166-1 alpha-2 country codes the viewer must be in. */
    countries: z.array(z.string().regex(/^[A-Z]{2}$/)).max(250).optional(),
    /** Hosts the page embedding the player must be served from (`*.example.com` allowed). */
    referrers: z.array(z.string().max(253)).max(64).optional(),
  })
  .strict();

export const abrCapsSchema = z
  .object({
    maxHeight: z.number().int().positive().optional(),
    /** Bits per second. */
    maxBitrate: z.number().int().positive().optional(),
  })
  .strict();

export const playbackClaimsSchema = z.object({
  sub: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  aud: z.union([z.literal(PLAYBACK_AUDIENCE), z.array(z.string())]),
  exp: z.number().int(),
  nbf: z.number().int().optional(),
  iat: z.number().int().optional(),
  /** Tenant that owns the media. */
  tid: z.string().optional(),
  /** Session id, set when the edge swaps a long-lived token for a per-session one. */
  sid: z.string().max(64).optional(),
  rules: accessRulesSchema.optional(),
  caps: abrCapsSchema.optional(),
  /** `true`: the static MP4s (`download/…`) may be fetched with this token; nothing else grants them. */
  downloadable: z.boolean().optional(),
  /** An instant clip in media seconds (core/src/manifest/clip-range.ts); overrides the URL's clip parameters. */
  clipStart: z.number().nonnegative().optional(),
  clipEnd: z.number().positive().optional(),
});

export type AccessRules = z.infer<typeof accessRulesSchema>;
export type AbrCaps = z.infer<typeof abrCapsSchema>;
export type PlaybackClaims = z.infer<typeof playbackClaimsSchema>;
