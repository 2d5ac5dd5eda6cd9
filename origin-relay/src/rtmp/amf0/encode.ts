/** AMF0 encoding (amf0-file-format-specification §2) of the values we send. */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { AMF0_MAX_DEPTH } from "./decode.ts";
import { Amf0EcmaArray, Amf0Marker, type Amf0Object, type Amf0Value } from "./value.ts";

const utf8 = new TextEncoder();

function writeKey(writer: ByteWriter, key: string): void {
  const bytes = utf8.encode(key);
  if (bytes.length > 0xffff) throw new TypeError("amf0 property name longer than 65535 bytes");
  writer.u16(bytes.length).bytes(bytes);
}

function writeProperties(writer: ByteWriter, properties: Amf0Object, depth: number): void {
  for (const [key, value] of Object.entries(properties)) {
    writeKey(writer, key);
    writeValue(writer, value, depth + 1);
  }
  writer.u16(0).u8(Amf0Marker.objectEnd);
}

/** Appends one value; strings longer than 65535 bytes become long strings (§2.14). */
export function writeValue(writer: ByteWriter, value: Amf0Value, depth = 0): void {
  if (depth > AMF0_MAX_DEPTH) throw new TypeError(`amf0 nesting deeper than ${AMF0_MAX_DEPTH}`);
  if (value === null) writer.u8(Amf0Marker.null);
  else if (value === undefined) writer.u8(Amf0Marker.undefined);
  else if (typeof value === "number") writer.u8(Amf0Marker.number).f64(value);
  else if (typeof value === "boolean") writer.u8(Amf0Marker.boolean).u8(value ? 1 : 0);
  else if (typeof value === "string") {
    const bytes = utf8.encode(value);
    if (bytes.length > 0xffff) writer.u8(Amf0Marker.longString).u32(bytes.length).bytes(bytes);
    else writer.u8(Amf0Marker.string).u16(bytes.length).bytes(bytes);
  } else if (value instanceof Date) writer.u8(Amf0Marker.date).f64(value.getTime()).i16(0);
  else if (Array.isArray(value)) {
    writer.u8(Amf0Marker.strictArray).u32(value.length);
    for (const item of value) writeValue(writer, item, depth + 1);
  } else if (value instanceof Amf0EcmaArray) {
    writer.u8(Amf0Marker.ecmaArray).u32(Object.keys(value.properties).length);
    writeProperties(writer, value.properties, depth);
  } else {
    writer.u8(Amf0Marker.object);
    writeProperties(writer, value, depth);
  }
}

/** Encodes a sequence of values (a command or data message body). */
export function encodeAmf0(values: readonly Amf0Value[]): Uint8Array {
  const writer = new ByteWriter();
  for (const value of values) writeValue(writer, value);
  return writer.finish();
}
