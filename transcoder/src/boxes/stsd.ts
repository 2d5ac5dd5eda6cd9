/** SampleDescriptionBox `stsd` (ISO/IEC 14496-12 §8.5.2). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readChildren } from "./children.ts";
import { readFullBoxHeader } from "./full-box.ts";
import { parseAudioSampleEntry, writeAudioSampleEntry } from "./mp4a.ts";
import type { AudioSampleEntry } from "./mp4a.ts";
import { parseVisualSampleEntry, writeVisualSampleEntry, VISUAL_SAMPLE_ENTRY_TYPES } from "./visual-sample-entry.ts";
import type { VisualSampleEntry } from "./visual-sample-entry.ts";

/** A sample entry we do not interpret; kept so the init segment still passes through. */
export interface OtherSampleEntry {
  kind: "other";
  format: string;
}

export type SampleEntry = VisualSampleEntry | AudioSampleEntry | OtherSampleEntry;

export interface SampleDescriptionBox {
  entries: SampleEntry[];
}

export function parseStsd(payload: Uint8Array): SampleDescriptionBox {
  const r = new ByteReader(payload);
  readFullBoxHeader(r);
  const entry_count = r.u32("entry_count");
  // entry_count is peer-declared: the entries are read from the bytes, then the count is compared.
  const children = readChildren(r.rest());
  if (children.length !== entry_count) throw invalidBox(`stsd entry_count ${entry_count} but ${children.length} entries`);
  const entries = children.map((c): SampleEntry => {
    if ((VISUAL_SAMPLE_ENTRY_TYPES as readonly string[]).includes(c.type)) return parseVisualSampleEntry(c.type, c.payload);
    if (c.type === "mp4a") return parseAudioSampleEntry(c.type, c.payload);
    return { kind: "other", format: c.type };
  });
  return { entries };
}

export function writeStsd(w: ByteWriter, box: SampleDescriptionBox): void {
  w.fullBox("stsd", 0, 0, (b) => {
    b.u32(box.entries.length);
    for (const entry of box.entries) {
      if (entry.kind === "visual") writeVisualSampleEntry(b, entry);
      else if (entry.kind === "audio") writeAudioSampleEntry(b, entry);
      else throw new TypeError(`cannot write sample entry ${entry.format}`);
    }
  });
}
