/** AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), the AAC sequence header's body: the leading fields. */
import { TributaryError } from "#core/errors.ts";

/** §1.6.3.4 samplingFrequencyIndex table. */
const SAMPLING_FREQUENCIES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export interface AudioSpecificConfig {
  audioObjectType: number;
  samplingFrequency: number;
  channelConfiguration: number;
}

export function parseAudioSpecificConfig(data: Uint8Array): AudioSpecificConfig {
  let bit = 0;
  const read = (count: number): number => {
    if (bit + count > data.length * 8) throw new TributaryError("media.invalid", "truncated AudioSpecificConfig");
    let value = 0;
    for (let i = 0; i < count; i++, bit++) value = value * 2 + (((data[bit >> 3] as number) >> (7 - (bit & 7))) & 1);
    return value;
  };
  let audioObjectType = read(5);
  if (audioObjectType === 31) audioObjectType = 32 + read(6); // §1.6.2.1 GetAudioObjectType escape.
  const samplingFrequencyIndex = read(4);
  const samplingFrequency = samplingFrequencyIndex === 15 ? read(24) : SAMPLING_FREQUENCIES[samplingFrequencyIndex];
  if (samplingFrequency === undefined) throw new TributaryError("media.invalid", `reserved samplingFrequencyIndex ${samplingFrequencyIndex}`);
  return { audioObjectType, samplingFrequency, channelConfiguration: read(4) };
}
