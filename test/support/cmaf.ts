/** Reads what a CMAF segment says about its own timing: the first fragment's tfdt (ISO/IEC 14496-12 §8.8.12). */
import { Mp4Reader } from "#transcoder/boxes/mp4-reader.ts";
import { parseMoof } from "#transcoder/boxes/moof.ts";

export function firstDecodeTime(segment: Uint8Array): number {
  for (const box of new Mp4Reader().push(segment)) {
    if (box.type !== "moof") continue;
    const tfdt = parseMoof(box.payload).traf[0]?.tfdt;
    if (tfdt) return Number(tfdt.base_media_decode_time);
  }
  throw new Error("segment has no moof with a tfdt");
}
