/**
 * HLS attribute lists (RFC 8216bis §4.2): `NAME=value` pairs separated by commas, where a quoted
 * string may itself contain commas. Values keep their raw text (quotes included), so a list with one
 * attribute changed serializes every other attribute exactly as it came.
 */

export interface HlsAttribute {
  name: string;
  /** Raw value text: `"quoted"`, `1280x720`, `0x1A2B`, `2.5`, an enumerated string. */
  value: string;
}

/** Parses an attribute list; text that does not fit the grammar is kept as an attribute with an empty name. */
export function parseAttributes(text: string): HlsAttribute[] {
  const attributes: HlsAttribute[] = [];
  let i = 0;
  while (i < text.length) {
    const equals = text.indexOf("=", i);
    const comma = text.indexOf(",", i);
    if (equals < 0 || (comma >= 0 && comma < equals)) {
      const end = comma < 0 ? text.length : comma;
      attributes.push({ name: "", value: text.slice(i, end) });
      i = end + 1;
      continue;
    }
    const name = text.slice(i, equals);
    let end: number;
    if (text[equals + 1] === '"') {
      const close = text.indexOf('"', equals + 2);
      end = close < 0 ? text.length : close + 1;
      const next = text.indexOf(",", end);
      end = next < 0 ? text.length : next;
    } else {
      end = comma < 0 ? text.length : comma;
    }
    attributes.push({ name, value: text.slice(equals + 1, end) });
    i = end + 1;
  }
  return attributes;
}

export function serializeAttributes(attributes: readonly HlsAttribute[]): string {
  return attributes.map((a) => (a.name === "" ? a.value : `${a.name}=${a.value}`)).join(",");
}

export function attribute(attributes: readonly HlsAttribute[], name: string): string | undefined {
  return attributes.find((a) => a.name === name)?.value;
}

/** The value of a quoted-string attribute without its quotes. */
export function quotedAttribute(attributes: readonly HlsAttribute[], name: string): string | undefined {
  const value = attribute(attributes, name);
  return value !== undefined && value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : undefined;
}

/** A decimal-integer attribute (`BANDWIDTH=1280000`), or `undefined` when absent or malformed. */
export function integerAttribute(attributes: readonly HlsAttribute[], name: string): number | undefined {
  const value = attribute(attributes, name);
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/** The height of a `RESOLUTION=<w>x<h>` attribute. */
export function resolutionHeight(attributes: readonly HlsAttribute[]): number | undefined {
  const match = /^\d{1,6}x(\d{1,6})$/.exec(attribute(attributes, "RESOLUTION") ?? "");
  return match ? Number(match[1]) : undefined;
}

/** Returns the list with a quoted-string attribute replaced (same position). */
export function withQuoted(attributes: readonly HlsAttribute[], name: string, value: string): HlsAttribute[] {
  return attributes.map((a) => (a.name === name ? { name, value: `"${value}"` } : a));
}
