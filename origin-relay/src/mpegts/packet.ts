/** One 188-byte transport stream packet header (ISO/IEC 13818-1 §2.4.3.2) and its adaptation field (§2.4.3.4). */
import { TributaryError } from "#core/errors.ts";

export const TS_PACKET_SIZE = 188;
export const SYNC_BYTE = 0x47;

export interface TsPacket {
  payload_unit_start_indicator: boolean;
  PID: number;
  /** From the adaptation field: the stream may be decoded from here (§2.4.3.5). */
  random_access_indicator: boolean;
  /** The packet's payload, a view into the input; empty when the packet carries none. */
  payload: Uint8Array;
}

/** Parses one packet; `bytes` must be exactly 188 bytes starting with the sync byte. */
export function parseTsPacket(bytes: Uint8Array): TsPacket {
  if (bytes.byteLength !== TS_PACKET_SIZE || bytes[0] !== SYNC_BYTE) throw new TypeError("parseTsPacket: not a 188-byte packet");
  const b1 = bytes[1] ?? 0;
  const b3 = bytes[3] ?? 0;
  const adaptation_field_control = (b3 >> 4) & 0x3;
  let offset = 4;
  let random_access_indicator = false;
  if (adaptation_field_control & 0x2) {
    const adaptation_field_length = bytes[4] ?? 0;
    // 183 with no payload, at most 182 when a payload follows (§2.4.3.5).
    const max = adaptation_field_control === 0x3 ? 182 : 183;
    if (adaptation_field_length > max) throw new TributaryError("ingest.protocol", `adaptation_field_length ${adaptation_field_length} exceeds ${max}`);
    if (adaptation_field_length > 0) random_access_indicator = ((bytes[5] ?? 0) & 0x40) !== 0;
    offset = 5 + adaptation_field_length;
  }
  return {
    payload_unit_start_indicator: (b1 & 0x40) !== 0,
    PID: ((b1 & 0x1f) << 8) | (bytes[2] ?? 0),
    random_access_indicator,
    payload: adaptation_field_control & 0x1 ? bytes.subarray(offset) : bytes.subarray(TS_PACKET_SIZE),
  };
}
