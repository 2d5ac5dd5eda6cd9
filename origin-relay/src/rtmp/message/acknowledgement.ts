/** Acknowledgement (rtmp_specification_1.0 §5.4.3): type 3, bytes received so far (32-bit wrapping). */
import { protocolReader } from "../byte-reader.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";

export interface Acknowledgement {
  sequenceNumber: number;
}

export function decodeAcknowledgement(payload: Uint8Array): Acknowledgement {
  return { sequenceNumber: protocolReader(payload).u32() };
}

export function encodeAcknowledgement(message: Acknowledgement): Uint8Array {
  return new ByteWriter(4).u32(message.sequenceNumber).finish();
}
