/**
 * `aes-128`: whole-object AES-128-CBC with PKCS7 padding (RFC 8216bis §4.4.4.4 METHOD=AES-128, §5.2).
 * Every object is encrypted on its own from the IV: a segment, and each of its LL-HLS parts, so a
 * player decrypts whichever it fetched (hls.js decrypts a part with its segment's key and IV). Init
 * segments stay clear; playlists declare EXT-X-MAP outside any key (hls-serializer.ts).
 */
import { createCipheriv } from "node:crypto";
import type { ContentKey, MediaEncryptor } from "./media-encryptor.ts";

/** The IV of a segment when the key sets none: its media sequence number as a 128-bit big-endian integer (§5.2). */
export function sequenceIv(sequence: number): Uint8Array {
  if (!Number.isSafeInteger(sequence) || sequence < 0) throw new TypeError("sequence must be a non-negative integer");
  const iv = new Uint8Array(16);
  const view = new DataView(iv.buffer);
  view.setUint32(8, Math.floor(sequence / 2 ** 32));
  view.setUint32(12, sequence >>> 0);
  return iv;
}

export function aes128CbcEncrypt(bytes: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  const cipher = createCipheriv("aes-128-cbc", key, iv);
  const head = cipher.update(bytes);
  const tail = cipher.final();
  const out = new Uint8Array(head.byteLength + tail.byteLength);
  out.set(head, 0);
  out.set(tail, head.byteLength);
  return out;
}

export const aes128Encryptor: MediaEncryptor = {
  scheme: "aes-128",
  init: (init) => init,
  fragment: (fragment: Uint8Array, key: ContentKey, sequence: number) => aes128CbcEncrypt(fragment, key.key, key.iv ?? sequenceIv(sequence)),
};
