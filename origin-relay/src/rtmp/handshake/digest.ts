/**
 * The digest ("complex") handshake used by Flash Player, Flash Media Server and the encoders that copied
 * them: C1/S1 carry an HMAC-SHA256 digest at an offset derived from the packet itself, and S2/C2 are
 * signed with a key derived from the peer's digest. Not in rtmp_specification_1.0; described by the
 * rtmpdump/librtmp sources and implemented by FFmpeg (libavformat/rtmpproto.c).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const ADOBE_CONSTANT = [
  0xf0, 0xee, 0xc2, 0x4a, 0x80, 0x68, 0xbe, 0xe8, 0x2e, 0x00, 0xd0, 0xd1, 0x02, 0x9e, 0x7e, 0x57,
  0x6e, 0xec, 0x5d, 0x2d, 0x29, 0x80, 0x6f, 0xab, 0x93, 0xb8, 0xe6, 0x36, 0xcf, 0xeb, 0x31, 0xae,
];
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** "Genuine Adobe Flash Media Server 001" + 32 constant bytes (68 bytes); S1 uses the first 36. */
export const FMS_KEY = Uint8Array.from([...ascii("Genuine Adobe Flash Media Server 001"), ...ADOBE_CONSTANT]);
/** "Genuine Adobe Flash Player 001" + the same 32 bytes (62 bytes); C1 uses the first 30. */
export const FP_KEY = Uint8Array.from([...ascii("Genuine Adobe Flash Player 001"), ...ADOBE_CONSTANT]);
export const FMS_KEY_TEXT = FMS_KEY.subarray(0, 36);
export const FP_KEY_TEXT = FP_KEY.subarray(0, 30);

export const PACKET_SIZE = 1536;
export const DIGEST_SIZE = 32;

/** Digest offset schemes: 0 reads the offset from bytes 8-11, 1 from bytes 772-775. */
export type DigestScheme = 0 | 1;

export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return new Uint8Array(hmac.digest());
}

/** Where the 32-byte digest sits in a C1/S1 packet for `scheme`. */
export function digestOffset(packet: Uint8Array, scheme: DigestScheme): number {
  const base = scheme === 0 ? 8 : 772;
  const sum = (packet[base] as number) + (packet[base + 1] as number) + (packet[base + 2] as number) + (packet[base + 3] as number);
  return (sum % 728) + base + 4;
}

/** HMAC over the packet with the digest bytes left out. */
export function packetDigest(packet: Uint8Array, offset: number, key: Uint8Array): Uint8Array {
  return hmacSha256(key, packet.subarray(0, offset), packet.subarray(offset + DIGEST_SIZE));
}

/** Finds a valid digest under either scheme, or undefined when the packet carries none. */
export function findDigest(packet: Uint8Array, key: Uint8Array): { scheme: DigestScheme; digest: Uint8Array } | undefined {
  for (const scheme of [0, 1] as const) {
    const offset = digestOffset(packet, scheme);
    const expected = packetDigest(packet, offset, key);
    const actual = packet.subarray(offset, offset + DIGEST_SIZE);
    if (timingSafeEqual(expected, actual)) return { scheme, digest: actual.slice() };
  }
  return undefined;
}

/** Writes the digest into `packet` in place and returns it. */
export function signPacket(packet: Uint8Array, scheme: DigestScheme, key: Uint8Array): Uint8Array {
  const offset = digestOffset(packet, scheme);
  const digest = packetDigest(packet, offset, key);
  packet.set(digest, offset);
  return digest;
}

/** Signs an S2/C2 echo packet: its last 32 bytes are an HMAC keyed by HMAC(fullKey, peerDigest). */
export function signEcho(packet: Uint8Array, fullKey: Uint8Array, peerDigest: Uint8Array): void {
  const key = hmacSha256(fullKey, peerDigest);
  packet.set(hmacSha256(key, packet.subarray(0, PACKET_SIZE - DIGEST_SIZE)), PACKET_SIZE - DIGEST_SIZE);
}

/** True when an S2/C2 echo carries the signature `signEcho` would write. */
export function verifyEcho(packet: Uint8Array, fullKey: Uint8Array, ownDigest: Uint8Array): boolean {
  const key = hmacSha256(fullKey, ownDigest);
  const expected = hmacSha256(key, packet.subarray(0, PACKET_SIZE - DIGEST_SIZE));
  return timingSafeEqual(expected, packet.subarray(PACKET_SIZE - DIGEST_SIZE));
}
