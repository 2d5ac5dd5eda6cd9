/**
 * The etag format of the embedded stores (memory, filesystem): the quoted hex of the first 16 bytes
 * of the body's SHA-256. Same length as S3's MD5 etags; opaque to callers either way.
 */
export const ETAG_DIGEST_BYTES = 16;

/** Quotes a hex digest as an HTTP entity tag, truncated to `ETAG_DIGEST_BYTES`. */
export function hexEtag(hexDigest: string): string {
  return `"${hexDigest.slice(0, ETAG_DIGEST_BYTES * 2)}"`;
}

export async function sha256Etag(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return hexEtag(Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));
}
