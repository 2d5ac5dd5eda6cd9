/** Window Acknowledgement Size (rtmp_specification_1.0 §5.4.4): type 5, bytes between acknowledgements. */
import { TributaryError } from "#core/errors.ts";
import { protocolReader } from "../byte-reader.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";

export interface WindowAcknowledgementSize {
  acknowledgementWindowSize: number;
}

export function decodeWindowAcknowledgementSize(payload: Uint8Array): WindowAcknowledgementSize {
  const acknowledgementWindowSize = protocolReader(payload).u32();
  // A zero window would ask for an acknowledgement after every byte.
  if (acknowledgementWindowSize === 0) throw new TributaryError("ingest.protocol", "window acknowledgement size 0");
  return { acknowledgementWindowSize };
}

export function encodeWindowAcknowledgementSize(message: WindowAcknowledgementSize): Uint8Array {
  return new ByteWriter(4).u32(message.acknowledgementWindowSize).finish();
}
