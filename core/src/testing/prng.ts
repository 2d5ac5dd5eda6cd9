/** Test helper: a seeded PRNG (mulberry32), so fuzz runs and fault schedules are the same on every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns a copy of `seed` with a few random byte flips, truncations or insertions. */
export function mutate(seed: Uint8Array, random: () => number): Uint8Array {
  let bytes = seed.slice();
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const op = random();
    const at = Math.floor(random() * Math.max(1, bytes.length));
    if (op < 0.6 && bytes.length > 0) bytes[at] = Math.floor(random() * 256);
    else if (op < 0.8) bytes = bytes.subarray(0, at).slice();
    else {
      const grown = new Uint8Array(bytes.length + 1);
      grown.set(bytes.subarray(0, at));
      grown[at] = random() < 0.5 ? 0xff : Math.floor(random() * 256);
      grown.set(bytes.subarray(at), at + 1);
      bytes = grown;
    }
  }
  return bytes;
}
