/** The command replies we send (rtmp_specification_1.0 §7.2.1.1, §7.2.2): `_result`, `_error`, `onStatus`. */
import type { Amf0Value } from "../amf0/value.ts";
import { encodeCommand } from "../message/command.ts";
import { ChunkStreamId, MessageType, type RtmpMessage } from "../message/type-ids.ts";

function command(messageStreamId: number, name: string, transactionId: number, commandObject: Amf0Value, ...args: Amf0Value[]): RtmpMessage {
  return { chunkStreamId: ChunkStreamId.command, timestamp: 0, typeId: MessageType.commandAmf0, messageStreamId, payload: encodeCommand({ name, transactionId, commandObject, args }) };
}

export function result(transactionId: number, commandObject: Amf0Value, ...args: Amf0Value[]): RtmpMessage {
  return command(0, "_result", transactionId, commandObject, ...args);
}

export function error(transactionId: number, code: string, description: string): RtmpMessage {
  return command(0, "_error", transactionId, null, { level: "error", code, description });
}

/** §7.2.2 onStatus with an info object: level "status" or "error". */
export function onStatus(messageStreamId: number, level: "status" | "error", code: string, description: string, extra: Record<string, Amf0Value> = {}): RtmpMessage {
  return command(messageStreamId, "onStatus", 0, null, { level, code, description, ...extra });
}

/** §7.2.1.1 connect `_result`: properties and information objects. */
export function connectResult(transactionId: number, objectEncoding: number): RtmpMessage {
  return result(transactionId, { fmsVer: "FMS/3,5,7,7009", capabilities: 31, mode: 1 }, { level: "status", code: "NetConnection.Connect.Success", description: "Connection succeeded.", objectEncoding });
}
