/** ES_Descriptor box `esds` (ISO/IEC 14496-14 §5.6; descriptors per ISO/IEC 14496-1 §7.2.6). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface EsDescriptorBox {
  ES_ID: number;
  /** 0x40 = MPEG-4 Audio (ISO/IEC 14496-1 Table 5). */
  objectTypeIndication: number;
  streamType: number;
  bufferSizeDB: number;
  maxBitrate: number;
  avgBitrate: number;
  /** DecoderSpecificInfo bytes: for AAC, the AudioSpecificConfig. */
  decoderSpecificInfo: Uint8Array;
}

const ES_DESCR_TAG = 0x03;
const DECODER_CONFIG_DESCR_TAG = 0x04;
const DEC_SPECIFIC_INFO_TAG = 0x05;

/** Reads a descriptor tag and its expandable size (§8.3.3: up to four 7-bit groups), checked against the bytes left. */
function readDescriptor(r: ByteReader, expectedTag: number): ByteReader {
  const tag = r.u8("descriptor tag");
  if (tag !== expectedTag) throw invalidBox(`esds: expected descriptor tag ${expectedTag}, got ${tag}`);
  let size = 0;
  for (let i = 0; i < 4; i++) {
    const b = r.u8("descriptor size");
    size = (size << 7) | (b & 0x7f);
    if ((b & 0x80) === 0) break;
  }
  return new ByteReader(r.take(size, "descriptor body"));
}

export function parseEsds(payload: Uint8Array): EsDescriptorBox {
  const r = new ByteReader(payload);
  readFullBoxHeader(r);
  const es = readDescriptor(r, ES_DESCR_TAG);
  const ES_ID = es.u16("ES_ID");
  const flags = es.u8("ES flags");
  if (flags & 0x80) es.skip(2, "dependsOn_ES_ID");
  if (flags & 0x40) es.skip(es.u8("URLlength"), "URLstring");
  if (flags & 0x20) es.skip(2, "OCR_ES_Id");
  const dc = readDescriptor(es, DECODER_CONFIG_DESCR_TAG);
  const objectTypeIndication = dc.u8("objectTypeIndication");
  const streamType = dc.u8("streamType") >> 2;
  const bufferSizeDB = dc.u24("bufferSizeDB");
  const maxBitrate = dc.u32("maxBitrate");
  const avgBitrate = dc.u32("avgBitrate");
  const decoderSpecificInfo = dc.remaining > 0 ? readDescriptor(dc, DEC_SPECIFIC_INFO_TAG).rest() : new Uint8Array(0);
  return { ES_ID, objectTypeIndication, streamType, bufferSizeDB, maxBitrate, avgBitrate, decoderSpecificInfo };
}

const SL_CONFIG_DESCR_TAG = 0x06;

/** A descriptor with its size in the fewest 7-bit groups (ISO/IEC 14496-1 §8.3.3). */
function writeDescriptor(w: ByteWriter, tag: number, body: Uint8Array): void {
  if (body.byteLength >= 1 << 28) throw new TypeError("descriptor too large");
  const groups: number[] = [];
  let size = body.byteLength;
  do {
    groups.unshift(size & 0x7f);
    size >>>= 7;
  } while (size > 0);
  w.u8(tag);
  groups.forEach((g, i) => w.u8(i < groups.length - 1 ? g | 0x80 : g));
  w.bytes(body);
}

/** ES_Descriptor → DecoderConfigDescriptor → DecoderSpecificInfo, then SLConfigDescriptor predefined 2 (MP4). */
export function writeEsds(w: ByteWriter, box: EsDescriptorBox): void {
  const dc = new ByteWriter().u8(box.objectTypeIndication).u8((box.streamType << 2) | 1).u24(box.bufferSizeDB).u32(box.maxBitrate).u32(box.avgBitrate);
  if (box.decoderSpecificInfo.byteLength > 0) writeDescriptor(dc, DEC_SPECIFIC_INFO_TAG, box.decoderSpecificInfo);
  const es = new ByteWriter().u16(box.ES_ID).u8(0);
  writeDescriptor(es, DECODER_CONFIG_DESCR_TAG, dc.finish());
  writeDescriptor(es, SL_CONFIG_DESCR_TAG, Uint8Array.of(0x02));
  w.fullBox("esds", 0, 0, (b) => writeDescriptor(b, ES_DESCR_TAG, es.finish()));
}
