/**
 * Protected sample entries (ISO/IEC 14496-12 §8.12, ISO/IEC 23001-7 §4.2): `avc1`/`hvc1`/... become
 * `encv` and `mp4a` becomes `enca`, keeping every field and child as it was and adding a `sinf` whose
 * `frma` names the original type, so a player can decode once the samples are decrypted.
 */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { findChild, readChildren } from "./children.ts";
import type { RawBox } from "./children.ts";
import { parseSinf } from "./sinf.ts";
import type { ProtectionSchemeInfoBox } from "./sinf.ts";
import { VISUAL_SAMPLE_ENTRY_TYPES } from "./visual-sample-entry.ts";

/** Bytes of fixed fields before a sample entry's child boxes (§12.1.3 visual: 78, §12.2.3 audio v0: 28). */
const FIELDS_BEFORE_CHILDREN = { encv: 78, enca: 28 } as const;

export type ProtectedEntryType = keyof typeof FIELDS_BEFORE_CHILDREN;

/** `encv` for a visual entry, `enca` for `mp4a`; `undefined` for a type we do not protect. */
export function protectedTypeOf(format: string): ProtectedEntryType | undefined {
  if ((VISUAL_SAMPLE_ENTRY_TYPES as readonly string[]).includes(format)) return "encv";
  if (format === "mp4a") return "enca";
  return undefined;
}

/** `entry` renamed to its protected type with `sinf` (a whole box) appended to its children. */
export function protectSampleEntry(entry: RawBox, sinf: Uint8Array): Uint8Array {
  const type = protectedTypeOf(entry.type);
  if (type === undefined) throw invalidBox(`cannot protect sample entry ${entry.type}`);
  if (entry.payload.byteLength < FIELDS_BEFORE_CHILDREN[type]) throw invalidBox(`${entry.type} sample entry is truncated`);
  return new ByteWriter(entry.payload.byteLength + sinf.byteLength + 8)
    .box(type, (b) => b.bytes(entry.payload).bytes(sinf))
    .finish();
}

/** The `sinf` of a protected entry (`encv`/`enca`), or `undefined` for a clear one. */
export function sampleEntryProtection(entry: RawBox): ProtectionSchemeInfoBox | undefined {
  if (entry.type !== "encv" && entry.type !== "enca") return undefined;
  const sinf = findChild(readChildren(entry.payload.subarray(FIELDS_BEFORE_CHILDREN[entry.type])), "sinf");
  if (sinf === undefined) throw invalidBox(`${entry.type} sample entry has no sinf`);
  return parseSinf(sinf.payload);
}
