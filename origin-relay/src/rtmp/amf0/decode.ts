/** AMF0 decoding (amf0-file-format-specification §2) with checked lengths and a nesting limit. */
import { TributaryError } from "#core/errors.ts";
import type { ByteReader } from "#core/bytes/byte-reader.ts";
import { protocolReader } from "../byte-reader.ts";
import { Amf0EcmaArray, Amf0Marker, defineProperty, type Amf0Object, type Amf0Value } from "./value.ts";

/** Objects nested deeper than this are refused; real commands and metadata nest two or three levels. */
export const AMF0_MAX_DEPTH = 32;

const utf8 = new TextDecoder("utf-8", { fatal: false });

function protocol(message: string): TributaryError {
  return new TributaryError("ingest.protocol", message);
}

function readUtf8(reader: ByteReader, length: number): string {
  return utf8.decode(reader.take(length, "amf0 string"));
}

function readProperties(reader: ByteReader, depth: number): Amf0Object {
  const out: Amf0Object = {};
  for (;;) {
    const keyLength = reader.u16();
    if (keyLength === 0) {
      // §2.11: an empty key followed by the object-end marker closes the object.
      const marker = reader.u8();
      if (marker !== Amf0Marker.objectEnd) throw protocol(`expected object end, got marker ${marker}`);
      return out;
    }
    const key = readUtf8(reader, keyLength);
    defineProperty(out, key, readValue(reader, depth + 1));
  }
}

/** Reads one value at the reader's position. */
export function readValue(reader: ByteReader, depth = 0): Amf0Value {
  if (depth > AMF0_MAX_DEPTH) throw protocol(`amf0 nesting deeper than ${AMF0_MAX_DEPTH}`);
  const marker = reader.u8();
  switch (marker) {
    case Amf0Marker.number:
      return reader.f64();
    case Amf0Marker.boolean:
      return reader.u8() !== 0;
    case Amf0Marker.string:
      return readUtf8(reader, reader.u16());
    case Amf0Marker.longString:
      return readUtf8(reader, reader.u32());
    case Amf0Marker.object:
      return readProperties(reader, depth);
    case Amf0Marker.null:
      return null;
    case Amf0Marker.undefined:
      return undefined;
    case Amf0Marker.ecmaArray:
      reader.u32(); // §2.10 associative-count is only a hint; the object-end marker decides.
      return new Amf0EcmaArray(readProperties(reader, depth));
    case Amf0Marker.strictArray: {
      const count = reader.u32();
      // Every element takes at least one byte, so a count beyond the bytes left is a lie.
      if (count > reader.remaining) throw protocol(`strict array of ${count} elements in ${reader.remaining} bytes`);
      const out: Amf0Value[] = [];
      for (let i = 0; i < count; i++) out.push(readValue(reader, depth + 1));
      return out;
    }
    case Amf0Marker.date: {
      const millis = reader.f64();
      reader.i16(); // §2.13 time-zone: reserved, should be 0.
      return new Date(millis);
    }
    default:
      throw protocol(`unsupported amf0 marker ${marker}`);
  }
}

/** Decodes every value in `bytes` (a command or data message body). */
export function decodeAmf0(bytes: Uint8Array): Amf0Value[] {
  const reader = protocolReader(bytes);
  const values: Amf0Value[] = [];
  while (reader.remaining > 0) values.push(readValue(reader));
  return values;
}
