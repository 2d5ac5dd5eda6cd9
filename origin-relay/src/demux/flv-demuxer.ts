/**
 * An FLV byte stream (a file, or ffmpeg's `-f flv` output) as remuxer input: reads the header and tags
 * and demuxes each tag once (FlvUnit). A tag we cannot read, or of a codec the remuxer does not copy,
 * is skipped and counted, never thrown on. Live RTMP does not come through here: the session hands its
 * tags to FlvUnit directly.
 */
import type { RemuxInput } from "#transcoder/remux/remux-input.ts";
import { FlvReader } from "../flv/reader.ts";
import { FlvTagType } from "../flv/tag.ts";
import { FlvUnit } from "./flv-unit.ts";

export class FlvDemuxer {
  readonly #reader = new FlvReader();
  /** Audio and video tags skipped: unreadable, or a codec that is not AVC/AAC. */
  skipped = 0;

  /** Bytes of the FLV stream in, remuxer inputs out. */
  push(bytes: Uint8Array): RemuxInput[] {
    const out: RemuxInput[] = [];
    for (const tag of this.#reader.push(bytes)) {
      const unit = new FlvUnit(tag);
      if (unit.media !== undefined) out.push(unit.media);
      else if (tag.type !== FlvTagType.script && unit.video?.codec !== "avc1") this.skipped++;
    }
    return out;
  }
}
