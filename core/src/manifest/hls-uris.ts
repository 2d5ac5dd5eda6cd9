/** Applies `rewriteUri` to every URI line and every `URI`/`SERVER-URI` attribute of an HLS playlist. */
import { parseAttributes, quotedAttribute, serializeAttributes, withQuoted } from "./hls-attributes.ts";
import { describeLine, withTagValue, type HlsLine } from "./hls-lines.ts";
import { rewriteUri, type UriContext } from "./uri-token.ts";

const URI_ATTRIBUTES = ["URI", "SERVER-URI"] as const;

/** Returns the lines with URIs rewritten; lines whose URIs do not change are the same objects. */
export function rewriteHlsUris(lines: readonly HlsLine[], context: UriContext): HlsLine[] {
  return lines.map((line) => {
    if (line.kind === "uri") {
      const uri = line.text.trim();
      const rewritten = rewriteUri(uri, context);
      // A replacer function, so `$&`, `$'` and `$$` in a URI are copied rather than read as patterns.
      return rewritten === uri ? line : describeLine(line.text.replace(uri, () => rewritten), line.eol);
    }
    if (line.kind !== "tag" || line.tagValue === undefined || !/(^|,)(SERVER-)?URI="/.test(line.tagValue)) return line;
    let attributes = parseAttributes(line.tagValue);
    let changed = false;
    for (const name of URI_ATTRIBUTES) {
      const uri = quotedAttribute(attributes, name);
      if (uri === undefined) continue;
      const rewritten = rewriteUri(uri, context);
      if (rewritten === uri) continue;
      attributes = withQuoted(attributes, name, rewritten);
      changed = true;
    }
    return changed ? withTagValue(line, serializeAttributes(attributes)) : line;
  });
}
