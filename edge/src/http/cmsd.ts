/**
 * CMSD-Static (CTA-5006 §5.2): facts about the object that stay true however it is delivered, so
 * players and intermediaries need not guess. `ot` object type, `sf` streaming format, `st` stream type.
 */
import type { UsageKind } from "#core/usage/usage-record.ts";

export function cmsdStatic(path: string, kind: UsageKind, live: boolean): string {
  const fields: string[] = [];
  if (kind === "manifest") fields.push("ot=m");
  else if (kind === "init") fields.push("ot=i");
  fields.push(path.endsWith(".mpd") ? "sf=d" : "sf=h", live ? "st=l" : "st=v");
  return fields.join(",");
}
