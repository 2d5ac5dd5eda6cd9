/** VisualSampleEntry `avc1`/`avc3`/`hvc1`/`hev1` (ISO/IEC 14496-12 §12.1.3; 14496-15 §5.4.2, §8.4.1). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { findChild, readChildren } from "./children.ts";
import { parseAvcC, writeAvcC } from "./avcC.ts";
import type { AvcConfigurationBox } from "./avcC.ts";
import { parseHvcC } from "./hvcC.ts";
import type { HevcConfigurationBox } from "./hvcC.ts";

export const VISUAL_SAMPLE_ENTRY_TYPES = ["avc1", "avc3", "hvc1", "hev1"] as const;

export interface VisualSampleEntry {
  kind: "visual";
  format: string;
  data_reference_index: number;
  width: number;
  height: number;
  avcC?: AvcConfigurationBox | undefined;
  hvcC?: HevcConfigurationBox | undefined;
}

export function parseVisualSampleEntry(format: string, payload: Uint8Array): VisualSampleEntry {
  const r = new ByteReader(payload);
  r.skip(6, "reserved");
  const data_reference_index = r.u16("data_reference_index");
  r.skip(16, "pre_defined/reserved");
  const width = r.u16("width");
  const height = r.u16("height");
  // horizresolution, vertresolution, reserved, frame_count, compressorname[32], depth, pre_defined.
  r.skip(50, "horizresolution..pre_defined");
  const children = readChildren(r.rest());
  const avcC = findChild(children, "avcC");
  const hvcC = findChild(children, "hvcC");
  return {
    kind: "visual",
    format,
    data_reference_index,
    width,
    height,
    avcC: avcC === undefined ? undefined : parseAvcC(avcC.payload),
    hvcC: hvcC === undefined ? undefined : parseHvcC(hvcC.payload),
  };
}

/** Writes 72 dpi, one frame per sample, an empty compressorname and depth 0x0018 (§12.1.3.2). */
export function writeVisualSampleEntry(w: ByteWriter, entry: VisualSampleEntry): void {
  if (entry.hvcC !== undefined) throw new TypeError("writing hvcC is not supported");
  w.box(entry.format, (b) => {
    b.u32(0).u16(0).u16(entry.data_reference_index); // reserved[6], data_reference_index
    b.u16(0).u16(0).u32(0).u32(0).u32(0); // pre_defined, reserved, pre_defined[3]
    b.u16(entry.width).u16(entry.height);
    b.u32(0x00480000).u32(0x00480000).u32(0).u16(1); // horizresolution, vertresolution, reserved, frame_count
    b.bytes(new Uint8Array(32)).u16(0x0018).u16(0xffff); // compressorname, depth, pre_defined = -1
    if (entry.avcC !== undefined) writeAvcC(b, entry.avcC);
  });
}
