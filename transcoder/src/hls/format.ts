/** Attribute and number formatting shared by the HLS writers (RFC 8216bis §4.2). */

/** A decimal-floating-point EXTINF or attribute value with a fixed number of decimals. */
export function decimal(value: number, digits = 5): string {
  return value.toFixed(digits);
}

/** A quoted-string attribute value; quotes and line breaks cannot appear in one (§4.2). */
export function quoted(value: string): string {
  if (/["\r\n]/.test(value)) throw new TypeError(`HLS quoted-string cannot contain quotes or line breaks: ${value}`);
  return `"${value}"`;
}

/** ISO 8601 date-time with milliseconds (§4.4.4.6). */
export function dateTime(date: Date): string {
  return date.toISOString();
}

/** Renders an attribute list, skipping undefined values, in the order given. */
export function attributes(list: readonly (readonly [string, string | undefined])[]): string {
  return list.flatMap(([name, value]) => (value === undefined ? [] : [`${name}=${value}`])).join(",");
}
