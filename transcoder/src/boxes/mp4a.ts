/** AudioSampleEntry `mp4a` (ISO/IEC 14496-12 §12.2.3; 14496-14 §5.6). */
import { ByteReader } from "./byte-reader.ts";
import { findChild, readChildren } from "./children.ts";
import { parseEsds } from "./esds.ts";
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
