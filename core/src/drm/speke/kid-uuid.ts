/** Key ids as CPIX writes them: a UUID string (RFC 9562 §4 text form) over the 16 KID bytes. */
import { CONTENT_KEY_BYTES } from "../content-key.ts";

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function kidToUuid(kid: Uint8Array): string {
  if (kid.byteLength !== CONTENT_KEY_BYTES) throw new TypeError("a key id is 16 bytes");
  const hex = Array.from(kid, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The 16 bytes of a UUID string, or `undefined` when `text` is not one. */
export function uuidToKid(text: string): Uint8Array | undefined {
  if (!UUID.test(text)) return undefined;
  const hex = text.replaceAll("-", "");
  return Uint8Array.from({ length: CONTENT_KEY_BYTES }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}
