/** SampleEncryptionBox `senc` (ISO/IEC 23001-7 §7.2): each sample's IV and clear/protected subsamples. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

/** senc flags (§7.2.1). */
export const SENC_FLAGS = { use_subsample_encryption: 0x000002 } as const;

/** One run of a sample: clear bytes, then protected bytes (§7.2.2). */
export interface Subsample {
  BytesOfClearData: number;
  BytesOfProtectedData: number;
}

export interface SampleEncryptionEntry {
  /** Per_Sample_IV_Size bytes (empty with a constant IV). */
  InitializationVector: Uint8Array;
  /** Present when the box's flags say subsample encryption. */
  subsamples?: Subsample[] | undefined;
}

export interface SampleEncryptionBox {
  flags: number;
  samples: SampleEncryptionEntry[];
}

/** With a constant IV and no subsamples an entry costs no bytes, so its count needs its own bound (as trun's). */
const MAX_EMPTY_ENTRIES = 100_000;

/** Bytes an entry takes in the box: its IV, then a 16-bit count and 6 bytes per subsample. */
export function sampleEncryptionEntrySize(entry: SampleEncryptionEntry): number {
  return entry.InitializationVector.byteLength + (entry.subsamples === undefined ? 0 : 2 + 6 * entry.subsamples.length);
}

/** The box does not say its IV size: `Per_Sample_IV_Size` comes from the track's `tenc` (§7.2.1). */
export function parseSenc(payload: Uint8Array, Per_Sample_IV_Size: number): SampleEncryptionBox {
  const r = new ByteReader(payload);
  const { flags } = readFullBoxHeader(r);
  const subsampled = (flags & SENC_FLAGS.use_subsample_encryption) !== 0;
  const sample_count = r.u32("sample_count");
  // Peer-declared: every entry takes at least its IV (and a subsample count) from the bytes present.
  const smallest = Per_Sample_IV_Size + (subsampled ? 2 : 0);
  if (smallest === 0 ? sample_count > MAX_EMPTY_ENTRIES : sample_count * smallest > r.remaining) throw invalidBox(`senc sample_count ${sample_count} overruns the box`, { sample_count });
  const samples: SampleEncryptionEntry[] = [];
  for (let i = 0; i < sample_count; i++) {
    const InitializationVector = r.take(Per_Sample_IV_Size, "InitializationVector");
    if (!subsampled) {
      samples.push({ InitializationVector });
      continue;
    }
    const subsample_count = r.u16("subsample_count");
    r.need(subsample_count * 6, "subsamples");
    const subsamples: Subsample[] = [];
    for (let j = 0; j < subsample_count; j++) subsamples.push({ BytesOfClearData: r.u16(), BytesOfProtectedData: r.u32() });
    samples.push({ InitializationVector, subsamples });
  }
  return { flags, samples };
}

export function writeSenc(w: ByteWriter, box: SampleEncryptionBox): void {
  const subsampled = (box.flags & SENC_FLAGS.use_subsample_encryption) !== 0;
  w.fullBox("senc", 0, box.flags, (b) => {
    b.u32(box.samples.length);
    for (const sample of box.samples) {
      b.bytes(sample.InitializationVector);
      if (!subsampled) continue;
      const subsamples = sample.subsamples ?? [];
      if (subsamples.length > 0xffff) throw new TypeError("senc holds at most 65535 subsamples per sample");
      b.u16(subsamples.length);
      for (const s of subsamples) b.u16(s.BytesOfClearData).u32(s.BytesOfProtectedData);
    }
  });
}
