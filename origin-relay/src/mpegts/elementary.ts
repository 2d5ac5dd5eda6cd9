/** What the relay reads from elementary-stream payloads: H.264/HEVC NAL unit types (Annex B) and the AAC ADTS header. */

/** NAL units of an Annex B byte stream (ITU-T H.264 Annex B), each without its start code. */
export function annexBNalUnits(data: Uint8Array): Uint8Array[] {
  const units: Uint8Array[] = [];
  let start = -1;
  let i = 0;
  while (i + 2 < data.byteLength) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      if (start >= 0) units.push(trimZeros(data.subarray(start, i)));
      i += 3;
      start = i;
    } else i++;
  }
  if (start >= 0 && start < data.byteLength) units.push(data.subarray(start));
  return units;
}

/** A 4-byte start code leaves one zero on the previous unit; trailing_zero_8bits are not part of it either. */
function trimZeros(unit: Uint8Array): Uint8Array {
  let end = unit.byteLength;
  while (end > 0 && unit[end - 1] === 0) end--;
  return unit.subarray(0, end);
}

/** nal_unit_type of an H.264 NAL (§7.3.1): 5 = IDR slice, 7 = SPS. */
export const h264NalType = (unit: Uint8Array): number => (unit[0] ?? 0) & 0x1f;
/** nal_unit_type of an HEVC NAL (H.265 §7.3.1.2): 16..21 are IRAP pictures. */
export const hevcNalType = (unit: Uint8Array): number => ((unit[0] ?? 0) >> 1) & 0x3f;

/** RFC 6381 codec string of an H.264 SPS NAL (profile_idc, constraint flags, level_idc). */
export function avcCodecFromSps(sps: Uint8Array): string {
  const hex = (n: number | undefined) => (n ?? 0).toString(16).padStart(2, "0");
  return `avc1.${hex(sps[1])}${hex(sps[2])}${hex(sps[3])}`;
}

const ADTS_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export interface AdtsConfig {
  codec: string;
  sampleRate: number | undefined;
  channels: number | undefined;
}

/** The first ADTS header of an AAC PES payload (ISO/IEC 13818-7 §6.2), or `undefined` without a syncword. */
export function parseAdtsHeader(data: Uint8Array): AdtsConfig | undefined {
  if (data.byteLength < 7 || data[0] !== 0xff || ((data[1] ?? 0) & 0xf0) !== 0xf0) return undefined;
  const b2 = data[2] ?? 0;
  const profile = (b2 >> 6) & 0x3;
  const channels = ((b2 & 0x1) << 2) | ((data[3] ?? 0) >> 6);
  return { codec: `mp4a.40.${profile + 1}`, sampleRate: ADTS_SAMPLE_RATES[(b2 >> 2) & 0xf], channels: channels === 0 ? undefined : channels };
}
