/**
 * RTP payload format for H.264 (RFC 6184), send side, packetization-mode=1: a NAL unit that fits is
 * sent as a single NAL unit packet (§5.6), a larger one as FU-A fragments (§5.8). The marker bit goes
 * on the access unit's last packet (§5.1).
 */

/** Payload bytes per packet: under a 1,500-byte path MTU after IP, UDP, SRTP and header extensions. */
export const DEFAULT_MAX_PAYLOAD = 1_200;

export interface VideoPayload {
  payload: Uint8Array;
  marker: boolean;
}

export function packetizeAccessUnit(nalUnits: readonly Uint8Array[], maxPayload = DEFAULT_MAX_PAYLOAD): VideoPayload[] {
  const packets: VideoPayload[] = [];
  for (const unit of nalUnits) {
    if (unit.byteLength === 0) continue;
    if (unit.byteLength <= maxPayload) {
      packets.push({ payload: unit, marker: false });
      continue;
    }
    const header = unit[0] ?? 0;
    const indicator = (header & 0xe0) | 28;
    const type = header & 0x1f;
    const body = unit.subarray(1);
    const step = maxPayload - 2;
    for (let at = 0; at < body.byteLength; at += step) {
      const piece = body.subarray(at, at + step);
      const fragment = new Uint8Array(piece.byteLength + 2);
      fragment[0] = indicator;
      fragment[1] = (at === 0 ? 0x80 : 0) | (at + step >= body.byteLength ? 0x40 : 0) | type;
      fragment.set(piece, 2);
      packets.push({ payload: fragment, marker: false });
    }
  }
  const last = packets[packets.length - 1];
  if (last) last.marker = true;
  return packets;
}
