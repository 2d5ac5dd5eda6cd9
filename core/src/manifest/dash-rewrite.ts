/**
 * Rewrites a DASH MPD (ISO/IEC 23009-1) for one viewer without an XML round trip: Representations
 * over the token's caps are cut out of their AdaptationSet (the lowest always stays), absolute
 * `BaseURL`s into this media get the token, and so do ContentProtection license URLs (`dashif:Laurl`,
 * `clearkey:Laurl`) on the key endpoint. Every byte outside what changes is kept as it came.
 */
import type { AbrCaps } from "../tokens/claims.ts";
import { rewriteUri, type UriContext } from "./uri-token.ts";
import { planVariants, type VariantFacts } from "./variant-policy.ts";

export interface MpdRewriteOptions {
  uri: UriContext;
  caps?: AbrCaps | undefined;
}

const ADAPTATION_SET = /<AdaptationSet\b[\s\S]*?<\/AdaptationSet>/g;
const REPRESENTATION = /<Representation\b([^>]*?)(?:\/>|>[\s\S]*?<\/Representation>)/g;
const BASE_URL = /(<BaseURL\b[^>]*>)([^<]*)(<\/BaseURL>)/g;
const LICENSE_URL = /(<(dashif|clearkey):Laurl\b[^>]*>)([^<]*)(<\/\2:Laurl>)/g;

export function rewriteMpd(text: string, options: MpdRewriteOptions): string {
  const capped = options.caps === undefined ? text : text.replace(ADAPTATION_SET, (set) => filterRepresentations(set, options.caps));
  const withBase = capped.replace(BASE_URL, (whole, open: string, uri: string, close: string) => rewriteElementUri(whole, open, uri, close, options));
  return withBase.replace(LICENSE_URL, (whole, open: string, _prefix: string, uri: string, close: string) => rewriteElementUri(whole, open, uri, close, options));
}

function rewriteElementUri(whole: string, open: string, uri: string, close: string, options: MpdRewriteOptions): string {
  const rewritten = rewriteUri(uri.trim(), options.uri);
  // A replacer function, so `$&` and friends in the URI are copied rather than read as patterns.
  return rewritten === uri.trim() ? whole : `${open}${uri.replace(uri.trim(), () => escapeXml(rewritten))}${close}`;
}

function filterRepresentations(set: string, caps: AbrCaps | undefined): string {
  const matches = [...set.matchAll(REPRESENTATION)];
  if (matches.length === 0) return set;
  const facts: VariantFacts[] = matches.map((m) => ({ bandwidth: numberAttribute(m[1] ?? "", "bandwidth"), height: numberAttribute(m[1] ?? "", "height") }));
  const kept = new Set(planVariants(facts, caps, {}));
  let out = "";
  let cursor = 0;
  matches.forEach((match, i) => {
    if (kept.has(i)) return;
    const start = lineStart(set, match.index);
    out += set.slice(cursor, start);
    cursor = match.index + match[0].length;
  });
  return out + set.slice(cursor);
}

/** Backs up over the indentation and line break before an element, so removing it leaves no blank line. */
function lineStart(text: string, index: number): number {
  let i = index;
  while (i > 0 && (text[i - 1] === " " || text[i - 1] === "\t")) i -= 1;
  if (i > 0 && text[i - 1] === "\n") i -= 1;
  if (i > 0 && text[i - 1] === "\r") i -= 1;
  return i;
}

function numberAttribute(attributes: string, name: string): number | undefined {
  const match = new RegExp(`\\b${name}="(\\d{1,15})"`).exec(attributes);
  return match ? Number(match[1]) : undefined;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}
