/** MovieExtendsBox `mvex` (ISO/IEC 14496-12 §8.8.1): present when the movie is fragmented. */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren } from "./children.ts";
import { parseTrex, writeTrex } from "./trex.ts";
import type { TrackExtendsBox } from "./trex.ts";

export interface MovieExtendsBox {
  trex: TrackExtendsBox[];
}

export function parseMvex(payload: Uint8Array): MovieExtendsBox {
  return { trex: readChildren(payload).filter((c) => c.type === "trex").map((c) => parseTrex(c.payload)) };
}

export function writeMvex(w: ByteWriter, box: MovieExtendsBox): void {
  w.box("mvex", (b) => {
    for (const trex of box.trex) b.bytes(writeTrex(trex));
  });
}
