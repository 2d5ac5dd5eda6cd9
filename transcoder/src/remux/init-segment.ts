/**
 * CMAF headers for remuxed tracks (ISO/IEC 23000-19 §7.3.2.1): `ftyp` + `moov` with one track, empty
 * sample tables and `mvex`/`trex`, the same shape ffmpeg's `empty_moov` fragmented MP4 has.
 */
import { parseAvcC } from "../boxes/avcC.ts";
import { writeFtyp } from "../boxes/ftyp.ts";
import { writeMoov } from "../boxes/moov.ts";
import type { MovieBox } from "../boxes/moov.ts";
import { TKHD_FLAGS } from "../boxes/tkhd.ts";
import type { SampleEntry } from "../boxes/stsd.ts";
import { parseAudioSpecificConfig } from "../codecs/aac.ts";

/** Video ticks per second: 90 per millisecond, so FLV timestamps map exactly. */
export const VIDEO_TIMESCALE = 90_000;

/** ISO/IEC 14496-1 Table 5 objectTypeIndication for MPEG-4 Audio, Table 6 streamType for audio. */
const MPEG4_AUDIO = 0x40;
const AUDIO_STREAM = 0x05;

export interface RemuxTrack {
  track_ID: number;
  timescale: number;
  /** `ftyp` + `moov`. */
  init: Uint8Array;
}

/** The header for an AVC track, from the sequence header's AVCDecoderConfigurationRecord. */
export function videoInitSegment(record: Uint8Array, size: { width: number; height: number }, track_ID = 1): RemuxTrack {
  const entry: SampleEntry = { kind: "visual", format: "avc1", data_reference_index: 1, width: size.width, height: size.height, avcC: parseAvcC(record) };
  return { track_ID, timescale: VIDEO_TIMESCALE, init: initSegment(movie(track_ID, VIDEO_TIMESCALE, "vide", entry, size)) };
}

/** The header for an AAC track; its timescale is the sampling frequency, so each frame is 1024 ticks. */
export function audioInitSegment(audioSpecificConfig: Uint8Array, track_ID = 1): RemuxTrack {
  const config = parseAudioSpecificConfig(audioSpecificConfig);
  const esds = { ES_ID: track_ID, objectTypeIndication: MPEG4_AUDIO, streamType: AUDIO_STREAM, bufferSizeDB: 0, maxBitrate: 0, avgBitrate: 0, decoderSpecificInfo: audioSpecificConfig };
  const entry: SampleEntry = { kind: "audio", format: "mp4a", data_reference_index: 1, channelcount: config.channelConfiguration || 2, samplesize: 16, samplerate: config.samplingFrequency, esds };
  return { track_ID, timescale: config.samplingFrequency, init: initSegment(movie(track_ID, config.samplingFrequency, "soun", entry, { width: 0, height: 0 })) };
}

function movie(track_ID: number, timescale: number, handler_type: "vide" | "soun", entry: SampleEntry, size: { width: number; height: number }): MovieBox {
  return {
    mvhd: { version: 0, timescale: 1000, duration: 0, next_track_ID: track_ID + 1 },
    trak: [
      {
        tkhd: { version: 0, flags: TKHD_FLAGS.track_enabled | TKHD_FLAGS.track_in_movie, track_ID, duration: 0, volume: handler_type === "soun" ? 1 : 0, width: size.width, height: size.height },
        mdia: {
          mdhd: { version: 0, timescale, duration: 0, language: "und" },
          hdlr: { handler_type, name: handler_type === "vide" ? "VideoHandler" : "SoundHandler" },
          minf: { stbl: { stsd: { entries: [entry] } } },
        },
      },
    ],
    mvex: { trex: [{ track_ID, default_sample_description_index: 1, default_sample_duration: 0, default_sample_size: 0, default_sample_flags: 0 }] },
  };
}

function initSegment(moov: MovieBox): Uint8Array {
  const ftyp = writeFtyp({ major_brand: "iso6", minor_version: 0, compatible_brands: ["iso6", "cmfc", "mp41"] });
  const body = writeMoov(moov);
  const out = new Uint8Array(ftyp.byteLength + body.byteLength);
  out.set(ftyp, 0);
  out.set(body, ftyp.byteLength);
  return out;
}
