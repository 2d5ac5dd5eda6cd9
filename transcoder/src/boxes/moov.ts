/** MovieBox `moov` (ISO/IEC 14496-12 §8.2.1): the body of an init segment. */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { findChild, readChildren, requireChild } from "./children.ts";
import { parseMvex, writeMvex } from "./mvex.ts";
import type { MovieExtendsBox } from "./mvex.ts";
import { parseMvhd, writeMvhd } from "./mvhd.ts";
import type { MovieHeaderBox } from "./mvhd.ts";
import { parseTrak, writeTrak } from "./trak.ts";
import type { TrackBox } from "./trak.ts";

export interface MovieBox {
  mvhd: MovieHeaderBox;
  trak: TrackBox[];
  mvex?: MovieExtendsBox | undefined;
}

export function parseMoov(payload: Uint8Array): MovieBox {
  const children = readChildren(payload);
  const mvex = findChild(children, "mvex");
  return {
    mvhd: parseMvhd(requireChild(children, "mvhd", "moov").payload),
    trak: children.filter((c) => c.type === "trak").map((c) => parseTrak(c.payload)),
    mvex: mvex === undefined ? undefined : parseMvex(mvex.payload),
  };
}

/** Serialises a whole `moov` box: `mvhd`, each `trak`, then `mvex` when the movie is fragmented. */
export function writeMoov(box: MovieBox): Uint8Array {
  return new ByteWriter()
    .box("moov", (w) => {
      writeMvhd(w, box.mvhd);
      for (const trak of box.trak) writeTrak(w, trak);
      if (box.mvex !== undefined) writeMvex(w, box.mvex);
    })
    .finish();
}
