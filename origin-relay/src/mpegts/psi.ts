/** Program-specific information: the PAT and PMT sections (ISO/IEC 13818-1 §2.4.4.3, §2.4.4.8). */
import { TributaryError } from "#core/errors.ts";

/** stream_type values we act on (§2.4.4.9, Table 2-34; H.264 and HEVC per the amendments). */
export const StreamType = { aacAdts: 0x0f, h264: 0x1b, hevc: 0x24 } as const;

export interface PmtStream {
  stream_type: number;
  elementary_PID: number;
}

/** A section longer than this is refused (§2.4.4.3: section_length ≤ 1021 for PAT and PMT). */
const MAX_SECTION_LENGTH = 1021;

/**
 * The section body after pointer_field, from table_id through CRC_32, or `undefined` when the
 * section does not fit in this packet (Tributary reads single-packet PSI, which every encoder we
 * accept sends for one program).
 */
function section(payload: Uint8Array, table_id: number): Uint8Array | undefined {
  const pointer_field = payload[0] ?? 0;
  const start = 1 + pointer_field;
  if (start + 3 > payload.byteLength || payload[start] !== table_id) return undefined;
  const section_length = (((payload[start + 1] ?? 0) & 0x0f) << 8) | (payload[start + 2] ?? 0);
  if (section_length > MAX_SECTION_LENGTH) throw new TributaryError("ingest.size_limit", `PSI section_length ${section_length} exceeds ${MAX_SECTION_LENGTH}`);
  const end = start + 3 + section_length;
  if (end > payload.byteLength || section_length < 9) return undefined;
  return payload.subarray(start, end);
}

/** program_map_PIDs of the PAT, skipping the network PID (program_number 0). */
export function parsePat(payload: Uint8Array): number[] | undefined {
  const body = section(payload, 0x00);
  if (body === undefined) return undefined;
  const pids: number[] = [];
  // Entries sit between the 8-byte header and the 4-byte CRC_32.
  for (let i = 8; i + 4 <= body.byteLength - 4; i += 4) {
    const program_number = ((body[i] ?? 0) << 8) | (body[i + 1] ?? 0);
    const pid = (((body[i + 2] ?? 0) & 0x1f) << 8) | (body[i + 3] ?? 0);
    if (program_number !== 0) pids.push(pid);
  }
  return pids;
}

/** The elementary streams a PMT lists. */
export function parsePmt(payload: Uint8Array): PmtStream[] | undefined {
  const body = section(payload, 0x02);
  if (body === undefined) return undefined;
  const program_info_length = (((body[10] ?? 0) & 0x0f) << 8) | (body[11] ?? 0);
  const streams: PmtStream[] = [];
  let i = 12 + program_info_length;
  const end = body.byteLength - 4;
  while (i + 5 <= end) {
    const stream_type = body[i] ?? 0;
    const elementary_PID = (((body[i + 1] ?? 0) & 0x1f) << 8) | (body[i + 2] ?? 0);
    const ES_info_length = (((body[i + 3] ?? 0) & 0x0f) << 8) | (body[i + 4] ?? 0);
    streams.push({ stream_type, elementary_PID });
    i += 5 + ES_info_length;
  }
  return streams;
}
