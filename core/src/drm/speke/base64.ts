/** Base64 as CPIX carries it (xs:base64Binary: the RFC 4648 §4 alphabet, white space allowed between groups). */

/** The bytes of `text`, or `undefined` when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/[ \t\r\n]/g, "");
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) return undefined;
  const binary = atob(compact);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
