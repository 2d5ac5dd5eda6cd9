/**
 * Silence for a session without audio in a broadcast that has an audio rendition: a publisher that
 * returns without a microphone must not stall every player waiting on the audio playlist. AAC-LC
 * frames of digital silence (one raw_data_block each, 1024 samples) are timed against the session's
 * own video and handed to the broadcast as FLV audio tags, so the remuxer and an ffmpeg ladder take
 * them like a publisher's audio.
 */
import { concat } from "#core/bytes/concat.ts";
import { FlvUnit } from "../demux/flv-unit.ts";
import { FlvTagType } from "../flv/tag.ts";
import type { SourceUnit } from "../demux/source-unit.ts";
import { parseAudioSpecificConfig } from "#transcoder/codecs/aac.ts";
import type { SessionInput } from "./session-input.ts";

/** AAC-LC raw_data_blocks that decode to silence, by channel configuration (1: SCE, 2: CPE). */
const SILENT_FRAMES: Record<number, Uint8Array> = {
  1: Uint8Array.of(0x00, 0xc8, 0x00, 0x80, 0x23, 0x80),
  2: Uint8Array.of(0x21, 0x00, 0x49, 0x90, 0x02, 0x19, 0x00, 0x23, 0x80),
};

/** ISO/IEC 14496-3 Table 1.18, the rates silence can be made at. */
const RATE_INDEX: Record<number, number> = { 96000: 0, 88200: 1, 64000: 2, 48000: 3, 44100: 4, 32000: 5, 24000: 6, 22050: 7, 16000: 8, 12000: 9, 11025: 10, 8000: 11 };

/** FLV AudioTagHeader for AAC (§E.4.2.1: SoundFormat 10, 44 kHz, 16-bit, stereo; AAC ignores the rest) and its AACPacketType. */
const AAC_HEADER = 0xaf;
const AAC_PACKET = { config: 0, raw: 1 } as const;

const SAMPLES_PER_FRAME = 1024;

/** An AAC-LC AudioSpecificConfig (§1.6.2.1) for `sampleRate` and 1 or 2 channels. */
export function lcAudioSpecificConfig(sampleRate: number, channels: number): Uint8Array {
  const index = RATE_INDEX[sampleRate];
  if (index === undefined) throw new TypeError(`no AAC sampling frequency index for ${sampleRate} Hz`);
  if (SILENT_FRAMES[channels] === undefined) throw new TypeError("silence is made for 1 or 2 channels");
  return Uint8Array.of((2 << 3) | (index >> 1), ((index & 1) << 7) | (channels << 3));
}

/**
 * @example
 * const silence = SilentAudio.fitting(lcAudioSpecificConfig(48000, 2));
 * for (const unit of silence.around(videoUnit)) pipeline.write(unit);
 */
export class SilentAudio {
  readonly sampleRate: number;
  readonly channels: number;
  /** The AAC sequence header tag: first, and in every ffmpeg preamble. */
  readonly config: FlvUnit;
  readonly #frame: Uint8Array;
  #startMs: number | undefined;
  #frames = 0;

  private constructor(audioSpecificConfig: Uint8Array, sampleRate: number, channels: number, frame: Uint8Array) {
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.#frame = Uint8Array.of(AAC_HEADER, AAC_PACKET.raw, ...frame);
    this.config = new FlvUnit({ type: FlvTagType.audio, timestamp: 0, payload: Uint8Array.of(AAC_HEADER, AAC_PACKET.config, ...audioSpecificConfig) });
  }

  /**
   * Silence in the broadcast's own audio format (its AudioSpecificConfig, so the audio header does not
   * change), or AAC-LC at 48 kHz stereo when that format is not one silence can be made in.
   */
  static fitting(audioSpecificConfig: Uint8Array | undefined): SilentAudio {
    try {
      if (audioSpecificConfig !== undefined) {
        const asc = parseAudioSpecificConfig(audioSpecificConfig);
        const frame = SILENT_FRAMES[asc.channelConfiguration];
        if (asc.audioObjectType === 2 && frame !== undefined) return new SilentAudio(audioSpecificConfig, asc.samplingFrequency, asc.channelConfiguration, frame);
      }
    } catch {
      // An AudioSpecificConfig that does not parse: fall back to the default format below.
    }
    return new SilentAudio(lcAudioSpecificConfig(48_000, 2), 48_000, 2, SILENT_FRAMES[2] as Uint8Array);
  }

  /** The unit, preceded by the silent frames that start before it: audio keeps pace with video. */
  around(unit: SourceUnit): SourceUnit[] {
    const media = unit.media;
    if (media?.kind !== "video") return [unit];
    this.#startMs ??= media.dtsMs;
    const out: SourceUnit[] = [];
    for (let at = this.#timeOf(this.#frames); at <= media.dtsMs; at = this.#timeOf(++this.#frames)) {
      out.push(new FlvUnit({ type: FlvTagType.audio, timestamp: at, payload: this.#frame }));
    }
    out.push(unit);
    return out;
  }

  /** Frame `n`'s FLV timestamp: whole milliseconds, without drift over a long session. */
  #timeOf(n: number): number {
    return (this.#startMs ?? 0) + Math.round((n * SAMPLES_PER_FRAME * 1000) / this.sampleRate);
  }
}

/** The session as its pipeline sees it once silence stands in for its audio: AAC, in every ffmpeg preamble. */
export function silencedInput(input: SessionInput, silence: SilentAudio): SessionInput {
  return {
    ...input,
    hasAudio: true,
    codecInfo: { ...input.codecInfo, audio: { codec: "mp4a.40.2", sampleRate: silence.sampleRate, channels: silence.channels } },
    preamble: (ladderHasAudio) => concat([input.preamble(ladderHasAudio), silence.config.bytes]),
  };
}
