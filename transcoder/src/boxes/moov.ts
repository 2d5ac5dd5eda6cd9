/** MovieBox `moov` (ISO/IEC 14496-12 §8.2.1): the body of an init segment. */
import { findChild, readChildren, requireChild } from "./children.ts";
import { parseMvex } from "./mvex.ts";
import type { MovieExtendsBox } from "./mvex.ts";
import { parseMvhd } from "./mvhd.ts";
import type { MovieHeaderBox } from "./mvhd.ts";
import { parseTrak } from "./trak.ts";
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
