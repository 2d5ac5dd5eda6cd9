/**
 * Encrypts the samples of CMAF fragments (`moof` + `mdat`, any `styp` passed through) and describes
 * them in the `traf`: `senc` with each sample's IV and subsamples, `saiz` with the entry sizes and
 * `saio` pointing at the first entry (ISO/IEC 23001-7 §7; ISO/IEC 14496-12 §8.7.8-9). The `moof` grows,
 * so every trun data_offset moves by the same amount to keep pointing into the `mdat`.
 */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "../boxes/box-error.ts";
import { editChildren } from "../boxes/box-tree.ts";
import { readChildren } from "../boxes/children.ts";
import type { RawBox } from "../boxes/children.ts";
import { parseMoof, writeMoof } from "../boxes/moof.ts";
import type { MovieFragmentBox } from "../boxes/moof.ts";
import { writeSaio } from "../boxes/saio.ts";
import { saizFor, writeSaiz } from "../boxes/saiz.ts";
import { sampleEncryptionEntrySize, SENC_FLAGS, writeSenc } from "../boxes/senc.ts";
import type { SampleEncryptionEntry } from "../boxes/senc.ts";
import type { TrackFragmentBox } from "../boxes/traf.ts";
import { TFHD_FLAGS } from "../boxes/tfhd.ts";
import { TRUN_FLAGS } from "../boxes/trun.ts";
import type { ProtectedTrack } from "./protected-track.ts";

/** A sample's `senc` entry, read off the clear sample, and how to encrypt it where it ends up. */
export interface PlannedSample {
  entry: SampleEncryptionEntry;
  /** Encrypts `target`, a copy of the clear sample, in place. */
  encrypt(target: Uint8Array): void;
}

/** Plans one clear sample's encryption (its IV and subsamples). */
export type SampleEncrypter = (sample: Uint8Array) => PlannedSample;

/** A sample to encrypt in the output: `at` bytes into its box. */
interface PendingSample {
  at: number;
  size: number;
  encrypt(target: Uint8Array): void;
}

/** Boxes (whole) a fragment also carries, given its sample count: in the `traf` (`sbgp`, `sgpd`) and in the `moof` (`pssh`). */
export type FragmentExtras = (sampleCount: number) => { traf: Uint8Array[]; moof: Uint8Array[] };

/** Boxes this module writes; a fragment that already has them is already encrypted. */
const PROTECTION_BOXES = new Set(["senc", "saiz", "saio"]);

/** Where `senc`'s first entry sits after its header, version/flags and sample_count. */
const SENC_ENTRIES_OFFSET = 16;

/** `fragment` (one or more `moof`+`mdat` pairs) with every sample of `track` encrypted by `encrypt`. */
export function protectFragment(fragment: Uint8Array, track: ProtectedTrack, subsampled: boolean, encrypt: SampleEncrypter, extras?: FragmentExtras): Uint8Array {
  const boxes = readChildren(fragment);
  // Every box is laid out first (new moofs, clear mdats), then copied once and encrypted where it lies.
  const pieces: { bytes: Uint8Array; samples: PendingSample[] }[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const box = boxes[i] as RawBox;
    if (box.type !== "moof") {
      pieces.push({ bytes: box.bytes, samples: [] });
      continue;
    }
    const mdat = boxes[i + 1];
    if (mdat?.type !== "mdat") throw invalidBox("a moof is not followed by its mdat");
    const { moof, samples } = protectPair(box, mdat, track, subsampled, encrypt, extras);
    pieces.push({ bytes: moof, samples: [] }, { bytes: mdat.bytes, samples });
    i++;
  }
  const out = new Uint8Array(pieces.reduce((sum, p) => sum + p.bytes.byteLength, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece.bytes, offset);
    for (const s of piece.samples) s.encrypt(out.subarray(offset + s.at, offset + s.at + s.size));
    offset += piece.bytes.byteLength;
  }
  return out;
}

/** Sample byte ranges of `traf`, as offsets from the moof start (default-base-is-moof, §8.8.7.1). */
function sampleRanges(traf: TrackFragmentBox, track: ProtectedTrack): { start: number; size: number }[] {
  if (traf.tfhd.flags & TFHD_FLAGS.base_data_offset_present) throw invalidBox("cannot encrypt a fragment whose tfhd carries an absolute base_data_offset");
  const ranges: { start: number; size: number }[] = [];
  let next: number | undefined;
  for (const run of traf.trun) {
    let offset = run.flags & TRUN_FLAGS.data_offset_present ? run.data_offset : next;
    if (offset === undefined) throw invalidBox("trun without data_offset");
    for (const sample of run.samples) {
      const size = sample.sample_size ?? traf.tfhd.default_sample_size ?? track.default_sample_size;
      ranges.push({ start: offset, size });
      offset += size;
    }
    next = offset;
  }
  return ranges;
}

function protectPair(moofBox: RawBox, mdatBox: RawBox, track: ProtectedTrack, subsampled: boolean, encrypt: SampleEncrypter, extras: FragmentExtras | undefined): { moof: Uint8Array; samples: PendingSample[] } {
  const moof = parseMoof(moofBox.payload);
  if (moof.traf.length !== 1 || moof.traf[0]?.tfhd.track_ID !== track.track_ID) throw invalidBox(`expected one traf for track ${track.track_ID}`);
  const traf = moof.traf[0];
  if (traf.other.some((b) => PROTECTION_BOXES.has(readChildren(b)[0]?.type ?? ""))) throw new TypeError("fragment is already encrypted");
  const mdat = mdatBox.bytes;
  // mdat follows moof directly, so a moof-relative offset minus the moof size indexes the mdat box.
  const entries: SampleEncryptionEntry[] = [];
  const samples: PendingSample[] = [];
  const mdatHeader = mdatBox.bytes.byteLength - mdatBox.payload.byteLength;
  for (const { start, size } of sampleRanges(traf, track)) {
    const at = start - moofBox.bytes.byteLength;
    if (at < mdatHeader || at + size > mdat.byteLength) throw invalidBox("a sample lies outside its mdat", { start, size });
    const planned = encrypt(mdat.subarray(at, at + size));
    entries.push(planned.entry);
    samples.push({ at, size, encrypt: planned.encrypt });
  }
  const senc = new ByteWriter();
  writeSenc(senc, { flags: subsampled ? SENC_FLAGS.use_subsample_encryption : 0, samples: entries });
  const saiz = new ByteWriter();
  writeSaiz(saiz, saizFor(entries.map(sampleEncryptionEntrySize)));
  const extra = extras?.(entries.length) ?? { traf: [], moof: [] };
  const withBoxes = (saioOffset: number): Uint8Array => {
    const saio = new ByteWriter();
    writeSaio(saio, { version: 0, flags: 0, offset: [saioOffset] });
    const box: MovieFragmentBox = { ...moof, traf: [{ ...traf, other: [...traf.other, ...extra.traf, saiz.finish(), saio.finish(), senc.finish()] }] };
    const written = writeMoof(box);
    if (extra.moof.length === 0) return written;
    // Moof-level boxes go after the traf, so the senc offset within the moof does not move.
    return editChildren(readChildren(written)[0] as RawBox, (children) => [...children.map((c) => c.bytes), ...extra.moof]);
  };
  const draft = withBoxes(0);
  const delta = draft.byteLength - moofBox.bytes.byteLength;
  for (const run of traf.trun) if (run.data_offset !== undefined) run.data_offset += delta;
  // Box sizes do not depend on these values, so the senc found in the draft is where it will be.
  return { moof: withBoxes(sencOffset(draft) + SENC_ENTRIES_OFFSET), samples };
}

/** Offset of the traf's `senc` from the start of the moof. */
function sencOffset(moof: Uint8Array): number {
  let offset = 8;
  for (const child of readChildren(readChildren(moof)[0]?.payload ?? new Uint8Array())) {
    if (child.type === "traf") {
      let inner = offset + 8;
      for (const box of readChildren(child.payload)) {
        if (box.type === "senc") return inner;
        inner += box.bytes.byteLength;
      }
    }
    offset += child.bytes.byteLength;
  }
  throw new TypeError("written moof has no senc");
}
