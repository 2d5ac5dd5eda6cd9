/**
 * Command messages (rtmp_specification_1.0 §7.1.1, §7.2): type 20 (AMF0) or 17 (AMF3). Clients that
 * announce AMF3 still send the body as AMF0 behind a leading 0 format byte, so type 17 is read that way.
 */
import { TributaryError } from "#core/errors.ts";
import { decodeAmf0 } from "../amf0/decode.ts";
import { encodeAmf0 } from "../amf0/encode.ts";
import type { Amf0Value } from "../amf0/value.ts";
import { MessageType } from "./type-ids.ts";

export interface Command {
  /** Command name, e.g. "connect", "publish", "_result", "onStatus". */
  name: string;
  transactionId: number;
  /** The command object (connect) or null. */
  commandObject: Amf0Value;
  /** The optional arguments after the command object. */
  args: Amf0Value[];
}

/** Strips the AMF3 format byte of a type 15/17 message body. */
export function amf0Body(payload: Uint8Array, typeId: number): Uint8Array {
  if (typeId !== MessageType.commandAmf3 && typeId !== MessageType.dataAmf3) return payload;
  if (payload[0] !== 0) throw new TributaryError("ingest.protocol", "AMF3-encoded command bodies are not supported");
  return payload.subarray(1);
}

export function decodeCommand(payload: Uint8Array, typeId: number = MessageType.commandAmf0): Command {
  const [name, transactionId, commandObject, ...args] = decodeAmf0(amf0Body(payload, typeId));
  if (typeof name !== "string") throw new TributaryError("ingest.protocol", "command without a name");
  if (transactionId !== undefined && typeof transactionId !== "number") throw new TributaryError("ingest.protocol", `command ${name} with a non-numeric transaction id`);
  return { name, transactionId: transactionId ?? 0, commandObject: commandObject ?? null, args };
}

export function encodeCommand(command: Command): Uint8Array {
  return encodeAmf0([command.name, command.transactionId, command.commandObject, ...command.args]);
}
