/** AudioSampleEntry `mp4a` (ISO/IEC 14496-12 §12.2.3; 14496-14 §5.6). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { findChild, readChildren } from "./children.ts";
import { parseEsds, writeEsds } from "./esds.ts";
import type { EsDescriptorBox } from "./esds.ts";

export interface AudioSampleEntry {
  kind: "audio";
  format: string;
  data_reference_index: number;
  channelcount: number;
  samplesize: number;
  /** Integer part of the 16.16 samplerate field. */
  samplerate: number;
  esds?: EsDescriptorBox | undefined;
}

export function parseAudioSampleEntry(format: string, payload: Uint8Array): AudioSampleEntry {
  const r = new ByteReader(payload);
  r.skip(6, "reserved");
  const data_reference_index = r.u16("data_reference_index");
  r.skip(8, "reserved");
  const channelcount = r.u16("channelcount");
  const samplesize = r.u16("samplesize");
  r.skip(4, "pre_defined/reserved");
  const samplerate = r.u32("samplerate") >>> 16;
  const esds = findChild(readChildren(r.rest()), "esds");
  return { kind: "audio", format, data_reference_index, channelcount, samplesize, samplerate, esds: esds === undefined ? undefined : parseEsds(esds.payload) };
}

/** A rate above 65535 Hz does not fit the 16.16 field; it is written as 0 and the esds carries it. */
export function writeAudioSampleEntry(w: ByteWriter, entry: AudioSampleEntry): void {
  w.box(entry.format, (b) => {
    b.u32(0).u16(0).u16(entry.data_reference_index); // reserved[6], data_reference_index
    b.u32(0).u32(0).u16(entry.channelcount).u16(entry.samplesize).u16(0).u16(0); // reserved[2], ..., pre_defined, reserved
    b.u32(entry.samplerate > 0xffff ? 0 : entry.samplerate * 65536);
    if (entry.esds !== undefined) writeEsds(b, entry.esds);
  });
}
