/** Top-level ISO-BMFF box types of a file, for tests only (the real box parser lives in transcoder/src/boxes). */

/** Walks size/type headers: 32-bit size, or size 1 followed by a 64-bit size (ISO/IEC 14496-12 §4.2). */
export function topLevelBoxTypes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (size === 1) {
      if (offset + 16 > bytes.length) break;
      size = Number(view.getBigUint64(offset + 8));
    } else if (size === 0) {
      size = bytes.length - offset;
    }
    if (size < 8 || offset + size > bytes.length) throw new Error(`truncated or bad box ${type} at ${offset}`);
    types.push(type);
    offset += size;
  }
  if (offset !== bytes.length) throw new Error(`trailing ${bytes.length - offset} bytes`);
  return types;
}
