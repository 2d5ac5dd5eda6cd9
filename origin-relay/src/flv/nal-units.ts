/** Splits length-prefixed (AVCC/HVCC) NAL units (ISO/IEC 14496-15 §5.3.2), checking each length. */
import { TributaryError } from "#core/errors.ts";
import { ByteReader } from "#relay/rtmp/byte-reader.ts";

export function splitNalUnits(data: Uint8Array, lengthSize: number): Uint8Array[] {
  if (lengthSize !== 1 && lengthSize !== 2 && lengthSize !== 4) throw new TributaryError("media.invalid", `NAL length size ${lengthSize}`);
  const reader = new ByteReader(data);
  const units: Uint8Array[] = [];
  while (reader.remaining > 0) {
    const length = lengthSize === 4 ? reader.u32() : lengthSize === 2 ? reader.u16() : reader.u8();
    units.push(reader.take(length, "NAL unit"));
  }
  return units;
}
