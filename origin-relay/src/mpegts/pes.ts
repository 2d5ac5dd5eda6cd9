/** PES packet header (ISO/IEC 13818-1 §2.4.3.6): where the elementary stream data starts, and its PTS/DTS. */

export interface PesHeader {
  /** Presentation time in 90 kHz ticks, when present. */
  PTS: number | undefined;
  DTS: number | undefined;
  /** Offset of the first elementary-stream byte within the PES packet. */
  dataOffset: number;
}

/** 33-bit timestamp spread over five bytes with marker bits (§2.4.3.7). */
function timestamp(b: Uint8Array, i: number): number {
  return (((b[i] ?? 0) >> 1) & 0x07) * 2 ** 30 + ((b[i + 1] ?? 0) << 22) + (((b[i + 2] ?? 0) >> 1) << 15) + ((b[i + 3] ?? 0) << 7) + ((b[i + 4] ?? 0) >> 1);
}

/** Parses a PES header, or `undefined` when `pes` is not a PES packet or is cut short. */
export function parsePesHeader(pes: Uint8Array): PesHeader | undefined {
  if (pes.byteLength < 9 || pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1) return undefined;
  const PTS_DTS_flags = ((pes[7] ?? 0) >> 6) & 0x3;
  const PES_header_data_length = pes[8] ?? 0;
  const dataOffset = 9 + PES_header_data_length;
  if (dataOffset > pes.byteLength) return undefined;
  const PTS = PTS_DTS_flags & 0x2 && PES_header_data_length >= 5 ? timestamp(pes, 9) : undefined;
  const DTS = PTS_DTS_flags === 0x3 && PES_header_data_length >= 10 ? timestamp(pes, 14) : PTS;
  return { PTS, DTS, dataOffset };
}
