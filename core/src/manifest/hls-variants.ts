/**
 * Filters and orders the variants of an HLS multivariant playlist (RFC 8216bis §4.4.6.2). A variant is
 * its `EXT-X-STREAM-INF` line through the URI line that follows it; I-frame variants
 * (`EXT-X-I-FRAME-STREAM-INF`, one line) are filtered by the same caps but keep their order. Kept
 * variants fill the places variants held, so every other line stays where it was.
 */
import type { AbrCaps } from "../tokens/claims.ts";
import { integerAttribute, parseAttributes, resolutionHeight } from "./hls-attributes.ts";
import type { HlsLine } from "./hls-lines.ts";
import { planVariants, type ClientSignals, type VariantFacts, type VariantPolicy } from "./variant-policy.ts";

interface Block {
  start: number;
  /** Exclusive. */
  end: number;
  facts: VariantFacts;
}

export function applyVariantPlan(lines: readonly HlsLine[], caps: AbrCaps | undefined, signals: ClientSignals, policy?: VariantPolicy): HlsLine[] {
  const streams = findBlocks(lines, "#EXT-X-STREAM-INF");
  const iframes = findBlocks(lines, "#EXT-X-I-FRAME-STREAM-INF");
  if (streams.length === 0) return [...lines];
  const streamPlan = planVariants(streams.map((b) => b.facts), caps, signals, policy);
  const iframePlan = new Set(planVariants(iframes.map((b) => b.facts), caps, {}, policy));
  const slotOf = new Map(streams.map((block, i) => [block.start, i]));
  const dropped = new Set(iframes.filter((_, i) => !iframePlan.has(i)).map((b) => b.start));
  const out: HlsLine[] = [];
  for (let i = 0; i < lines.length; ) {
    const slot = slotOf.get(i);
    if (slot !== undefined) {
      const chosen = streamPlan[slot];
      if (chosen !== undefined) out.push(...blockLines(lines, streams[chosen] as Block));
      i = (streams[slot] as Block).end;
      continue;
    }
    if (!dropped.has(i)) out.push(lines[i] as HlsLine);
    i += 1;
  }
  return withLineEndings(out, lines.find((line) => line.eol !== "")?.eol ?? "\n");
}

/**
 * An unterminated last line that moved up with its variant needs a line ending there, or it runs
 * into the next line (`…BANDWIDTH=1#EXT-X-STREAM-INF:…`); found by fuzzing.
 */
function withLineEndings(lines: HlsLine[], eol: string): HlsLine[] {
  return lines.map((line, i) => (line.eol === "" && i < lines.length - 1 ? { ...line, eol } : line));
}

function blockLines(lines: readonly HlsLine[], block: Block): HlsLine[] {
  return lines.slice(block.start, block.end);
}

function findBlocks(lines: readonly HlsLine[], tagName: string): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as HlsLine;
    if (line.kind !== "tag" || line.tagName !== tagName) continue;
    const attributes = parseAttributes(line.tagValue ?? "");
    const facts = { bandwidth: integerAttribute(attributes, "BANDWIDTH"), height: resolutionHeight(attributes) };
    let end = i + 1;
    if (tagName === "#EXT-X-STREAM-INF") {
      while (end < lines.length && (lines[end] as HlsLine).kind !== "uri" && (lines[end] as HlsLine).tagName !== tagName) end += 1;
      if (end < lines.length && (lines[end] as HlsLine).kind === "uri") end += 1;
    }
    blocks.push({ start: i, end, facts });
    i = end - 1;
  }
  return blocks;
}
