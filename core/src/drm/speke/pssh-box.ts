/**
 * Checks a `pssh` box a key provider returned before it goes into init segments as given
 * (ISO/IEC 23001-7 §8.1.1): one whole box, version 0 or 1, for the DRM system it was asked for,
 * every declared length inside the bytes.
 */

const HEADER = 8 + 4 + 16; // size, 'pssh', version+flags, SystemID

function hexId(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What is wrong with `box` as the `pssh` of `systemId`, or `undefined` when nothing is. */
export function psshProblem(box: Uint8Array, systemId: string): string | undefined {
  if (box.byteLength < HEADER + 4) return `is ${box.byteLength} bytes, shorter than any pssh box`;
  const view = new DataView(box.buffer, box.byteOffset, box.byteLength);
  const size = view.getUint32(0);
  if (size !== box.byteLength) return `declares ${size} bytes but holds ${box.byteLength}`;
  if (String.fromCharCode(...box.subarray(4, 8)) !== "pssh") return "is not a pssh box";
  const version = box[8];
  if (version !== 0 && version !== 1) return `has version ${version}; 0 and 1 are defined`;
  const id = hexId(box.subarray(12, 28));
  if (id !== systemId) return `is for system ${id}, not ${systemId}`;
  let at = HEADER;
  if (version === 1) {
    const kidCount = view.getUint32(at);
    if (kidCount > (box.byteLength - at - 8) / 16) return `declares ${kidCount} key ids, more than it holds`;
    at += 4 + kidCount * 16;
  }
  const dataSize = view.getUint32(at);
  if (at + 4 + dataSize !== box.byteLength) return `declares ${dataSize} data bytes but holds ${box.byteLength - at - 4}`;
  return undefined;
}
