/** TrackFragmentBox `traf` (ISO/IEC 14496-12 §8.8.6). */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { findChild, readChildren, requireChild } from "./children.ts";
import { parseTfdt, writeTfdt } from "./tfdt.ts";
import type { TrackFragmentDecodeTimeBox } from "./tfdt.ts";
import { parseTfhd, writeTfhd } from "./tfhd.ts";
import type { TrackFragmentHeaderBox } from "./tfhd.ts";
import { parseTrun, writeTrun } from "./trun.ts";
import type { TrackRunBox } from "./trun.ts";

export interface TrackFragmentBox {
  tfhd: TrackFragmentHeaderBox;
  tfdt?: TrackFragmentDecodeTimeBox | undefined;
  trun: TrackRunBox[];
  /** Children we do not interpret (e.g. `sdtp`, `sbgp`), kept whole and written after the runs. */
  other: Uint8Array[];
}

const KNOWN = new Set(["tfhd", "tfdt", "trun"]);

export function parseTraf(payload: Uint8Array): TrackFragmentBox {
  const children = readChildren(payload);
  const tfdt = findChild(children, "tfdt");
  return {
    tfhd: parseTfhd(requireChild(children, "tfhd", "traf").payload),
    tfdt: tfdt === undefined ? undefined : parseTfdt(tfdt.payload),
    trun: children.filter((c) => c.type === "trun").map((c) => parseTrun(c.payload)),
    other: children.filter((c) => !KNOWN.has(c.type)).map((c) => c.bytes),
  };
}

export function writeTraf(w: ByteWriter, box: TrackFragmentBox): void {
  w.box("traf", (b) => {
    writeTfhd(b, box.tfhd);
    if (box.tfdt !== undefined) writeTfdt(b, box.tfdt);
    for (const run of box.trun) writeTrun(b, run);
    for (const raw of box.other) b.bytes(raw);
  });
}
