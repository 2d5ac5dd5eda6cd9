/**
 * HLS playlists as lines (RFC 8216bis §4.1): each line keeps its exact text and line ending, so a
 * playlist serializes back byte for byte and a rewrite touches only the lines it changes.
 */

export type HlsLineKind = "tag" | "uri" | "comment" | "blank";

export interface HlsLine {
  kind: HlsLineKind;
  /** The line's text without its line ending. */
  text: string;
  /** The line ending that followed it (`"\n"`, `"\r\n"`, or `""` on an unterminated last line). */
  eol: string;
  /** For tags: the name including `#EXT` (e.g. `#EXT-X-STREAM-INF`). */
  tagName?: string | undefined;
  /** For tags: what follows the first `:`, when there is one. */
  tagValue?: string | undefined;
}

const LINE = /([^\r\n]*)(\r\n|\n|\r|$)/g;

/** Splits a playlist into lines; never throws (validation is the caller's business). */
export function parseHlsLines(text: string): HlsLine[] {
  const lines: HlsLine[] = [];
  for (const match of text.matchAll(LINE)) {
    const [, body = "", eol = ""] = match;
    if (body === "" && eol === "") break;
    lines.push(describeLine(body, eol));
  }
  return lines;
}

/** Builds a line record for `text`, classifying it as tag, URI, comment or blank. */
export function describeLine(text: string, eol: string): HlsLine {
  if (text.trim() === "") return { kind: "blank", text, eol };
  if (!text.startsWith("#")) return { kind: "uri", text, eol };
  if (!text.startsWith("#EXT")) return { kind: "comment", text, eol };
  const colon = text.indexOf(":");
  return colon < 0
    ? { kind: "tag", text, eol, tagName: text }
    : { kind: "tag", text, eol, tagName: text.slice(0, colon), tagValue: text.slice(colon + 1) };
}

export function serializeHlsLines(lines: readonly HlsLine[]): string {
  let out = "";
  for (const line of lines) out += line.text + line.eol;
  return out;
}

/** Replaces a tag line's value, keeping its name and line ending. */
export function withTagValue(line: HlsLine, value: string): HlsLine {
  return describeLine(`${line.tagName}:${value}`, line.eol);
}

/** True when the text starts like a playlist (`#EXTM3U` first, RFC 8216bis §4.4.1.1). */
export function isHlsPlaylist(text: string): boolean {
  return text.startsWith("#EXTM3U") || text.startsWith("\uFEFF#EXTM3U");
}
