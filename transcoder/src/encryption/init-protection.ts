/**
 * A clear CMAF header made protected (ISO/IEC 23001-7 §4.2, §8.1; ISO/IEC 23000-19 §8.2.3): each
 * sample entry becomes `encv`/`enca` with a `sinf` (`frma`, `schm`, `schi` with `tenc`), and the
 * `moov` gains one `pssh` per DRM system. Everything else is kept byte for byte.
 */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { concat } from "#core/bytes/concat.ts";
import { editChildren, rewritePath } from "../boxes/box-tree.ts";
import { readChildren } from "../boxes/children.ts";
import { protectedTypeOf, protectSampleEntry } from "../boxes/protected-sample-entry.ts";
import { CLEARKEY_SYSTEM_ID, writePssh } from "../boxes/pssh.ts";
import { writeSinf } from "../boxes/sinf.ts";
import type { TrackEncryptionBox } from "../boxes/tenc.ts";
import { invalidBox } from "../boxes/box-error.ts";

/** The 1.0 version every common-encryption scheme is signalled with (§4.2). */
const SCHEME_VERSION = 0x00010000;

const SAMPLE_ENTRY_PATH = ["trak", "mdia", "minf", "stbl", "stsd", "*"] as const;

/** The W3C ClearKey `pssh` (version 1, the KID listed, no data) that EME's "cenc" init data carries. */
export function clearKeyPssh(kid: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  writePssh(w, { version: 1, SystemID: CLEARKEY_SYSTEM_ID, KID: [kid], Data: new Uint8Array() });
  return w.finish();
}

/** `init` with its track protected under `scheme_type` and `tenc`, and `pssh` boxes (whole boxes) appended to `moov`. */
export function protectInit(init: Uint8Array, scheme_type: "cenc" | "cbcs", tenc: TrackEncryptionBox, pssh: readonly Uint8Array[]): Uint8Array {
  let protectedEntries = 0;
  const boxes = readChildren(init).map((box) => {
    if (box.type !== "moov") return box.bytes;
    const rewritten = rewritePath(box, SAMPLE_ENTRY_PATH, (entry) => {
      if (protectedTypeOf(entry.type) === undefined) return entry.bytes;
      protectedEntries++;
      const sinf = new ByteWriter();
      writeSinf(sinf, { frma: { data_format: entry.type }, schm: { scheme_type, scheme_version: SCHEME_VERSION }, schi: { tenc } });
      return protectSampleEntry(entry, sinf.finish());
    });
    const moov = readChildren(rewritten)[0];
    if (moov === undefined) throw new TypeError("rewritten moov is empty");
    return editChildren(moov, (children) => [...children.map((c) => c.bytes), ...pssh]);
  });
  if (protectedEntries === 0) throw invalidBox("init segment has no sample entry to protect");
  return concat(boxes);
}
