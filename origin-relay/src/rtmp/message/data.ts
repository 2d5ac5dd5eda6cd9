/** Data messages (rtmp_specification_1.0 §7.1.2): type 18 (AMF0) or 15 (AMF3), a handler name + values. */
import { TributaryError } from "#core/errors.ts";
import { decodeAmf0 } from "../amf0/decode.ts";
import { encodeAmf0 } from "../amf0/encode.ts";
import type { Amf0Value } from "../amf0/value.ts";
import { amf0Body } from "./command.ts";
import { MessageType } from "./type-ids.ts";

export interface DataMessage {
  /** e.g. "@setDataFrame" or "onMetaData". */
  handler: string;
  values: Amf0Value[];
}

export function decodeData(payload: Uint8Array, typeId: number = MessageType.dataAmf0): DataMessage {
  const [handler, ...values] = decodeAmf0(amf0Body(payload, typeId));
  if (typeof handler !== "string") throw new TributaryError("ingest.protocol", "data message without a handler name");
  return { handler, values };
}

export function encodeData(message: DataMessage): Uint8Array {
  return encodeAmf0([message.handler, ...message.values]);
}
