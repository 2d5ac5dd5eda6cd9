/**
 * ABR policy for the variants a manifest offers: a token's caps remove variants outright; client
 * signals (Save-Data, ECT/Downlink client hints, CMCD `mtp`/`bl`) pick the variant most likely to start
 * fast, which goes first because players start with the first variant listed (RFC 8216bis §6.3.1 leaves
 * the choice to the client; hls.js and Safari take the first). Never filters everything away.
 */
import type { AbrCaps } from "../tokens/claims.ts";

export interface VariantFacts {
  /** Peak bits per second (`BANDWIDTH` / `@bandwidth`). */
  bandwidth: number | undefined;
  /** Picture height, when the variant has video. */
  height: number | undefined;
}

/** What the viewer's client told us about its network, all optional. */
export interface ClientSignals {
  /** `Save-Data: on`. */
  saveData?: boolean | undefined;
  /** Effective connection type client hint (`ECT`). */
  ect?: "slow-2g" | "2g" | "3g" | "4g" | undefined;
  /** `Downlink` client hint, megabits per second. */
  downlinkMbps?: number | undefined;
  /** CMCD `mtp`: measured throughput, kilobits per second. */
  measuredKbps?: number | undefined;
  /** CMCD `bl`: buffer length, milliseconds. */
  bufferMs?: number | undefined;
}

export interface VariantPolicy {
  /** Share of the estimated throughput the first variant may use while the buffer is short. */
  startShare: number;
  /** Share once the buffer holds at least `comfortableBufferMs`. */
  steadyShare: number;
  comfortableBufferMs: number;
  /** Height Save-Data viewers are held to (the lowest variant is always kept). */
  saveDataMaxHeight: number;
  /** Typical throughput per ECT value, bits per second (Network Information API's table). */
  ectBps: Record<"slow-2g" | "2g" | "3g", number>;
}

export const defaultVariantPolicy: VariantPolicy = {
  startShare: 0.7,
  steadyShare: 0.9,
  comfortableBufferMs: 10_000,
  saveDataMaxHeight: 480,
  ectBps: { "slow-2g": 50_000, "2g": 70_000, "3g": 700_000 },
};

/**
 * Returns the indexes of the variants to keep, in the order to list them.
 * @example planVariants([{bandwidth: 800e3, height: 360}, {bandwidth: 5e6, height: 1080}], {maxHeight: 720}, {}) // [0]
 */
export function planVariants(variants: readonly VariantFacts[], caps: AbrCaps | undefined, signals: ClientSignals, policy = defaultVariantPolicy): number[] {
  if (variants.length === 0) return [];
  const maxHeight = minDefined(caps?.maxHeight, signals.saveData ? policy.saveDataMaxHeight : undefined);
  let kept = variants.map((_, i) => i).filter((i) => withinCaps(variants[i] as VariantFacts, maxHeight, caps?.maxBitrate));
  if (kept.length === 0) kept = [lowestIndex(variants)];
  const budget = throughputBudget(signals, policy);
  if (budget === undefined && !signals.saveData) return kept;
  const start = signals.saveData && budget === undefined ? lowestOf(variants, kept) : bestWithin(variants, kept, budget ?? 0);
  return [start, ...kept.filter((i) => i !== start)];
}

function withinCaps(variant: VariantFacts, maxHeight: number | undefined, maxBitrate: number | undefined): boolean {
  if (maxHeight !== undefined && variant.height !== undefined && variant.height > maxHeight) return false;
  if (maxBitrate !== undefined && variant.bandwidth !== undefined && variant.bandwidth > maxBitrate) return false;
  return true;
}

/** Bits per second the first variant may use, or `undefined` when the client said nothing useful. */
function throughputBudget(signals: ClientSignals, policy: VariantPolicy): number | undefined {
  const estimates: number[] = [];
  if (signals.measuredKbps !== undefined) estimates.push(signals.measuredKbps * 1000);
  if (signals.downlinkMbps !== undefined && signals.downlinkMbps > 0) estimates.push(signals.downlinkMbps * 1_000_000);
  if (signals.ect !== undefined && signals.ect !== "4g") estimates.push(policy.ectBps[signals.ect]);
  if (estimates.length === 0) return undefined;
  const share = (signals.bufferMs ?? 0) >= policy.comfortableBufferMs ? policy.steadyShare : policy.startShare;
  return Math.min(...estimates) * share;
}

/** The highest-bandwidth kept variant within the budget, else the lowest kept one. */
function bestWithin(variants: readonly VariantFacts[], kept: readonly number[], budget: number): number {
  let best: number | undefined;
  for (const i of kept) {
    const bandwidth = (variants[i] as VariantFacts).bandwidth ?? Infinity;
    if (bandwidth <= budget && (best === undefined || bandwidth > ((variants[best] as VariantFacts).bandwidth ?? Infinity))) best = i;
  }
  return best ?? lowestOf(variants, kept);
}

function lowestOf(variants: readonly VariantFacts[], kept: readonly number[]): number {
  return kept.reduce((low, i) => (((variants[i] as VariantFacts).bandwidth ?? Infinity) < ((variants[low] as VariantFacts).bandwidth ?? Infinity) ? i : low));
}

function lowestIndex(variants: readonly VariantFacts[]): number {
  return lowestOf(variants, variants.map((_, i) => i));
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}
