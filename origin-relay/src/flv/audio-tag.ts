/** Audio tag bodies (video_file_format_spec_v10_1 §E.4.2.1): SoundFormat etc., and AAC's AACPacketType. */
import { TributaryError } from "#core/errors.ts";
import { protocolReader } from "../rtmp/byte-reader.ts";

const SOUND_FORMATS: Record<number, string> = { 0: "pcm", 1: "adpcm", 2: "mp3", 3: "pcm-le", 4: "nellymoser-16k", 5: "nellymoser-8k", 6: "nellymoser", 7: "alaw", 8: "ulaw", 10: "mp4a", 11: "speex", 14: "mp3-8k" };

export interface AudioTag {
  /** §E.4.2.1 SoundFormat (10 = AAC). */
  soundFormat: number;
  codec: string;
  /** SoundRate index: 0 5.5 kHz, 1 11 kHz, 2 22 kHz, 3 44 kHz (AAC always says 3). */
  soundRate: number;
  /** 0 8-bit, 1 16-bit. */
  soundSize: number;
  /** 0 mono, 1 stereo. */
  soundType: number;
  /** AAC only: 0 AudioSpecificConfig, 1 raw frame; -1 for other formats. */
  aacPacketType: number;
  /** AudioSpecificConfig, the raw AAC frame, or the codec's data: a view into the payload. */
  data: Uint8Array;
}

export function parseAudioTag(payload: Uint8Array): AudioTag {
  const reader = protocolReader(payload);
  const first = reader.u8();
  const soundFormat = first >> 4;
  const codec = SOUND_FORMATS[soundFormat];
  if (!codec) throw new TributaryError("media.invalid", `unsupported FLV SoundFormat ${soundFormat}`);
  const aacPacketType = soundFormat === 10 ? reader.u8() : -1;
  if (aacPacketType > 1) throw new TributaryError("media.invalid", `unknown AACPacketType ${aacPacketType}`);
  return { soundFormat, codec, soundRate: (first >> 2) & 0x03, soundSize: (first >> 1) & 0x01, soundType: first & 0x01, aacPacketType, data: reader.rest() };
}
