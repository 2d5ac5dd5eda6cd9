/** ProtectionSchemeInfoBox `sinf` (ISO/IEC 14496-12 §8.12.1): original format, scheme and its parameters. */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren, requireChild } from "./children.ts";
import { parseFrma, writeFrma } from "./frma.ts";
import type { OriginalFormatBox } from "./frma.ts";
import { parseSchi, writeSchi } from "./schi.ts";
import type { SchemeInformationBox } from "./schi.ts";
import { parseSchm, writeSchm } from "./schm.ts";
import type { SchemeTypeBox } from "./schm.ts";

export interface ProtectionSchemeInfoBox {
  frma: OriginalFormatBox;
  schm: SchemeTypeBox;
  schi: SchemeInformationBox;
}

/** ISO/IEC 23001-7 §4.2 requires `schm` and `schi` in a common-encryption `sinf`, so both are required here. */
export function parseSinf(payload: Uint8Array): ProtectionSchemeInfoBox {
  const children = readChildren(payload);
  return {
    frma: parseFrma(requireChild(children, "frma", "sinf").payload),
    schm: parseSchm(requireChild(children, "schm", "sinf").payload),
    schi: parseSchi(requireChild(children, "schi", "sinf").payload),
  };
}

export function writeSinf(w: ByteWriter, box: ProtectionSchemeInfoBox): void {
  w.box("sinf", (b) => {
    writeFrma(b, box.frma);
    writeSchm(b, box.schm);
    writeSchi(b, box.schi);
  });
}
