/** AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) and the RFC 6381 §3.3 `mp4a.40.<aot>` codec string. */
import { TributaryError } from "#core/errors.ts";
import type { EsDescriptorBox } from "../boxes/esds.ts";

export interface AudioSpecificConfig {
  audioObjectType: number;
  samplingFrequencyIndex: number;
  samplingFrequency: number;
  channelConfiguration: number;
}

/** ISO/IEC 14496-3 Table 1.18. */
const SAMPLING_FREQUENCIES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export function parseAudioSpecificConfig(bytes: Uint8Array): AudioSpecificConfig {
  let bit = 0;
  const read = (n: number): number => {
    if (bit + n > bytes.byteLength * 8) throw new TributaryError("media.invalid", "truncated AudioSpecificConfig", { fatal: true });
    let v = 0;
    for (let i = 0; i < n; i++, bit++) v = (v << 1) | (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1);
    return v;
  };
  let audioObjectType = read(5);
  if (audioObjectType === 31) audioObjectType = 32 + read(6);
  const samplingFrequencyIndex = read(4);
  const samplingFrequency = samplingFrequencyIndex === 0xf ? read(24) : SAMPLING_FREQUENCIES[samplingFrequencyIndex];
  // 0xd and 0xe are reserved (Table 1.18): no sample rate, so no timescale a track could use.
  if (samplingFrequency === undefined) throw new TributaryError("media.invalid", `reserved samplingFrequencyIndex ${samplingFrequencyIndex}`, { fatal: true });
  const channelConfiguration = read(4);
  return { audioObjectType, samplingFrequencyIndex, samplingFrequency, channelConfiguration };
}

/** `mp4a.40.2` for AAC-LC; the object type indication is printed in hex, the audio object type in decimal. */
export function mp4aCodecString(format: string, esds: EsDescriptorBox): string {
  const oti = esds.objectTypeIndication.toString(16);
  if (esds.objectTypeIndication !== 0x40 || esds.decoderSpecificInfo.byteLength === 0) return `${format}.${oti}`;
  return `${format}.${oti}.${parseAudioSpecificConfig(esds.decoderSpecificInfo).audioObjectType}`;
}
