/** What a publisher session (RTMP's FLV or SRT's MPEG-TS) tells its broadcast once its source is known. */
import type { LiveInputFormat } from "#transcoder/ffmpeg/args.ts";
import type { SourceUnit } from "../demux/source-unit.ts";
import type { IngestCodecInfo } from "../flv/codec-info.ts";

export interface SessionInput {
  inputFormat: LiveInputFormat;
  codecInfo: IngestCodecInfo;
  hasAudio: boolean;
  /** Container header to send first, given whether the ladder encodes audio (FLV's file header). */
  header(ladderHasAudio: boolean): Uint8Array | undefined;
  /** Header and codec configuration a restarted ffmpeg reads before live input resumes. */
  preamble(ladderHasAudio: boolean): Uint8Array | undefined;
}

/** Where a source sends its units: `open` once (with what it held while probing), then `write`. */
export interface SessionTarget {
  open(input: SessionInput, held: SourceUnit[]): void;
  write(unit: SourceUnit): void;
}
