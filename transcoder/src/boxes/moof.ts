/** MovieFragmentBox `moof` (ISO/IEC 14496-12 §8.8.4). */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren, requireChild } from "./children.ts";
import { parseMfhd, writeMfhd } from "./mfhd.ts";
import type { MovieFragmentHeaderBox } from "./mfhd.ts";
import { parseTraf, writeTraf } from "./traf.ts";
import type { TrackFragmentBox } from "./traf.ts";

export interface MovieFragmentBox {
  mfhd: MovieFragmentHeaderBox;
  traf: TrackFragmentBox[];
}

export function parseMoof(payload: Uint8Array): MovieFragmentBox {
  const children = readChildren(payload);
  return { mfhd: parseMfhd(requireChild(children, "mfhd", "moof").payload), traf: children.filter((c) => c.type === "traf").map((c) => parseTraf(c.payload)) };
}

/** Serialises a whole `moof` box. */
export function writeMoof(box: MovieFragmentBox): Uint8Array {
  return new ByteWriter()
    .box("moof", (w) => {
      writeMfhd(w, box.mfhd);
      for (const traf of box.traf) writeTraf(w, traf);
    })
    .finish();
}
