/**
 * Content protection as the platform names it: the `encryption` setting on streams and assets, and
 * the content key the packager encrypts with. Shared by the API (validation), the packager (the
 * MediaEncryptor seam in transcoder/src/encryption/) and the edge (key delivery).
 */
import { hex } from "../crypto/bytes.ts";

/** The `encryption` setting on streams and assets. */
export const ENCRYPTIONS = ["none", "aes-128", "cenc", "cbcs"] as const;
export type Encryption = (typeof ENCRYPTIONS)[number];

/** The schemes that encrypt: every `encryption` but `none`. */
export type EncryptionScheme = Exclude<Encryption, "none">;

/** Content keys and key ids are 128 bits (ISO/IEC 23001-7 §9.1, RFC 8216bis §5.2). */
export const CONTENT_KEY_BYTES = 16;

/** A content key as the packager sees it: clear, in memory only, never logged or stored like this. */
export interface ContentKey {
  /** 16-byte key id (the KID in `tenc`, `pssh` and the key URL). */
  readonly kid: Uint8Array;
  /** 16-byte AES key. */
  readonly key: Uint8Array;
  /** 16-byte IV: per object for aes-128 (derived from the media sequence unless set), the constant IV for cbcs. */
  readonly iv?: Uint8Array;
  /** DRM system `pssh` boxes from a key provider (Widevine, PlayReady), written into init segments as given. */
  readonly pssh?: readonly Uint8Array[];
}

const KID_HEX = /^[0-9a-f]{32}$/;

/** A key id as URLs and object keys spell it: 32 lowercase hex digits. */
export function kidHex(kid: Uint8Array): string {
  if (kid.byteLength !== CONTENT_KEY_BYTES) throw new TypeError("a key id is 16 bytes");
  return hex(kid);
}

/** The 16 bytes of a key id spelled as `kidHex` spells it, or `undefined` for anything else. */
export function parseKidHex(text: string): Uint8Array | undefined {
  if (!KID_HEX.test(text)) return undefined;
  return Uint8Array.from({ length: CONTENT_KEY_BYTES }, (_, i) => parseInt(text.slice(i * 2, i * 2 + 2), 16));
}
