/**
 * Byte-level edits of a box tree (ISO/IEC 14496-12 §4.2): replace the boxes at a path, or add
 * children, rewriting every enclosing size and leaving all other bytes exactly as they were (fields
 * and boxes our models do not read, such as `edts`, `btrt` or `pasp`, survive untouched).
 */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren } from "./children.ts";
import type { RawBox } from "./children.ts";

/** Bytes between a container's header and its first child: a FullBox's version/flags plus an entry count. */
const FIELDS_BEFORE_CHILDREN: Readonly<Record<string, number>> = { stsd: 8 };

/** A whole box of `type` with `fields` then `children` as its payload. */
export function buildBox(type: string, fields: Uint8Array, children: readonly Uint8Array[]): Uint8Array {
  const size = 8 + fields.byteLength + children.reduce((sum, c) => sum + c.byteLength, 0);
  const w = new ByteWriter(size).box(type, (b) => {
    b.bytes(fields);
    for (const child of children) b.bytes(child);
  });
  return w.finish();
}

/** `box` with its children replaced by what `edit` returns for the current list. */
export function editChildren(box: RawBox, edit: (children: RawBox[]) => Uint8Array[]): Uint8Array {
  const skip = FIELDS_BEFORE_CHILDREN[box.type] ?? 0;
  return buildBox(box.type, box.payload.subarray(0, skip), edit(readChildren(box.payload.subarray(skip))));
}

/**
 * `box` with every descendant reached by `path` (child types, outermost first) replaced by
 * `replace(descendant)`; `box` itself unchanged when nothing matches.
 * @example rewritePath(moov, ["trak", "mdia", "minf", "stbl", "stsd", "avc1"], (entry) => protectSampleEntry(entry, sinf))
 */
export function rewritePath(box: RawBox, path: readonly string[], replace: (box: RawBox) => Uint8Array): Uint8Array {
  const [head, ...rest] = path;
  if (head === undefined) return replace(box);
  return editChildren(box, (children) => children.map((child) => (child.type === head || head === "*" ? rewritePath(child, rest, replace) : child.bytes)));
}
