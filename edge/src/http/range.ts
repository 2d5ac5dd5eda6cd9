/** `Range: bytes=…` parsing (RFC 9110 §14.1.2), single ranges only, as players send. */

export type RangeRequest = { start: number; end: number } | "unsatisfiable" | undefined;

/** Resolves a Range header against an object of `size` bytes; `undefined` means serve the whole object. */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}
