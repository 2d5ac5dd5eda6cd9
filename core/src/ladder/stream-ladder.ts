/**
 * What a stream's `ladder` setting may be: a named profile, or explicit rungs. The API validates it
 * with this schema at create and update time; the relay turns the stored value into a ladder
 * configuration with `streamLadderConfig`, so a value the API accepted always goes live.
 */
import { z } from "zod";
import { TributaryError } from "../errors.ts";
import { RungSpecSchema, parseLadderConfig } from "./config.ts";
import type { LadderConfig } from "./config.ts";
import { LADDER_PROFILE_NAMES, LADDER_PROFILES, isLadderProfile } from "./profiles.ts";
import type { LatencyMode } from "./types.ts";

const profileList = LADDER_PROFILE_NAMES.join(", ");

export const ladderProfileSchema = z
  .enum(LADDER_PROFILE_NAMES, { error: () => `unknown ladder profile; valid profiles: ${profileList}` })
  .describe(`Ladder profile: ${profileList}`);

export const customRungsSchema = z
  .array(RungSpecSchema)
  .min(1)
  .max(10)
  .refine((rungs) => new Set(rungs.map((r) => r.name)).size === rungs.length, { message: "rung names must be unique" })
  .describe("Explicit H.264 rungs, largest first; each is fitted to the source and never upscaled");

export const streamLadderSchema = z.union([ladderProfileSchema, customRungsSchema], {
  error: (issue) => (typeof issue.input === "string" ? `unknown ladder profile; valid profiles: ${profileList}` : "ladder must be a profile name or a list of rungs"),
});

export type StreamLadder = z.input<typeof streamLadderSchema>;

/** The ladder configuration a stored stream setting stands for; a value no API would accept is a clear error. */
export function streamLadderConfig(ladder: string | readonly Record<string, unknown>[], latency: LatencyMode): LadderConfig {
  if (typeof ladder !== "string") return parseLadderConfig({ rungs: ladder, latency });
  if (!isLadderProfile(ladder)) throw new TributaryError("config.invalid", `unknown ladder profile "${ladder}"; valid profiles: ${profileList}`, { details: { ladder } });
  return parseLadderConfig({ ...LADDER_PROFILES[ladder], latency });
}
