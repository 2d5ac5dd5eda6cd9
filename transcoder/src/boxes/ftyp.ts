/** FileTypeBox `ftyp` (ISO/IEC 14496-12 §4.3); `styp` shares the layout (§8.16.2). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";

export interface FileTypeBox {
  major_brand: string;
  minor_version: number;
  compatible_brands: string[];
}

export function parseFtyp(payload: Uint8Array): FileTypeBox {
  const r = new ByteReader(payload);
  const major_brand = r.fourcc("major_brand");
  const minor_version = r.u32("minor_version");
  if (r.remaining % 4 !== 0) throw invalidBox("ftyp compatible_brands is not a whole number of brands");
  const compatible_brands: string[] = [];
  while (r.remaining > 0) compatible_brands.push(r.fourcc("compatible_brand"));
  return { major_brand, minor_version, compatible_brands };
}

/** Serialises an `ftyp` (or, with `type` "styp", a SegmentTypeBox). */
export function writeFtyp(box: FileTypeBox, type: "ftyp" | "styp" = "ftyp"): Uint8Array {
  return new ByteWriter()
    .box(type, (w) => {
      w.fourcc(box.major_brand).u32(box.minor_version);
      for (const brand of box.compatible_brands) w.fourcc(brand);
    })
    .finish();
}
