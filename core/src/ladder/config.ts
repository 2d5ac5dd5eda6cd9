/** Per-stream ladder configuration: one typed object, validated once, unknown keys rejected. */
import { z } from "zod";
import { TributaryError } from "../errors.ts";
import { DEFAULT_AUDIO } from "./defaults.ts";
import { X264_PRESETS } from "./types.ts";
import type { AudioRendition, LatencyMode, RungSpec } from "./types.ts";

const evenSize = z.number().int().min(2).max(8192).refine((n) => n % 2 === 0, "must be even");
const bitsPerSecond = z.number().int().min(16_000).max(200_000_000);

export const RungSpecSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "lowercase letters, digits, '-' or '_'"),
    width: evenSize,
    height: evenSize,
    bitrate: bitsPerSecond,
    maxrate: bitsPerSecond.optional(),
    bufsize: bitsPerSecond.optional(),
    profile: z.enum(["baseline", "main", "high"]).default("high"),
    level: z.string().regex(/^[1-6](\.[0-3])?$/).optional(),
    preset: z.enum(X264_PRESETS).default("veryfast"),
  })
  .refine((r) => r.name !== "source", { message: "'source' is reserved for the passthrough rung", path: ["name"] });

export const AudioRenditionSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/).default(DEFAULT_AUDIO.name),
  codec: z.literal("aac").default("aac"),
  bitrate: z.number().int().min(32_000).max(512_000).default(DEFAULT_AUDIO.bitrate),
  sampleRate: z.union([z.literal(44_100), z.literal(48_000)]).default(48_000),
  channels: z.union([z.literal(1), z.literal(2)]).default(2),
});

export const LadderConfigSchema = z
  .strictObject({
    /** Explicit rungs replace the defaults; an empty list with `passthrough` remuxes the source only. */
    rungs: z.array(RungSpecSchema).max(10).optional(),
    /** Add the source's own video, remuxed, as rung "source". */
    passthrough: z.boolean().default(false),
    /** false drops audio; an object overrides the default AAC rendition. */
    audio: z.union([z.literal(false), AudioRenditionSchema]).prefault({}),
    latency: z.enum(["normal", "low"]).default("normal"),
    /** Frame-rate ceiling; faster sources are divided by a whole number to stay under it. */
    maxFps: z.number().positive().max(120).default(60),
    segmentDuration: z.number().min(1).max(10).default(2),
    /** Seconds; defaults per latency mode. */
    partDuration: z.number().min(0.1).max(2).optional(),
    /** B-frames; defaults per latency mode. */
    bFrames: z.number().int().min(0).max(4).optional(),
  })
  .refine((c) => c.rungs === undefined || c.rungs.length > 0 || c.passthrough, {
    message: "an empty rung list needs passthrough: true",
    path: ["rungs"],
  })
  .refine((c) => c.partDuration === undefined || c.partDuration <= c.segmentDuration, {
    message: "partDuration must not exceed segmentDuration",
    path: ["partDuration"],
  })
  .refine((c) => new Set(c.rungs?.map((r) => r.name)).size === (c.rungs?.length ?? 0), {
    message: "rung names must be unique",
    path: ["rungs"],
  });

export type LadderConfigInput = z.input<typeof LadderConfigSchema>;

export interface LadderConfig {
  rungs: RungSpec[] | undefined;
  passthrough: boolean;
  audio: AudioRendition | false;
  latency: LatencyMode;
  maxFps: number;
  segmentDuration: number;
  partDuration: number | undefined;
  bFrames: number | undefined;
}

/**
 * Validates a stream's ladder configuration, reporting every problem at once.
 * @example parseLadderConfig({ latency: "low", passthrough: true })
 */
export function parseLadderConfig(input: unknown = {}): LadderConfig {
  const result = LadderConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new TributaryError("config.invalid", `invalid ladder config: ${problems.join("; ")}`, { details: { problems } });
  }
  const c = result.data;
  const rungs = c.rungs?.map((r): RungSpec => ({
    ...r,
    maxrate: r.maxrate ?? Math.round(r.bitrate * 1.07),
    bufsize: r.bufsize ?? Math.round(r.bitrate * 1.5),
  }));
  return { ...c, rungs, partDuration: c.partDuration, bFrames: c.bFrames };
}
