/** User Control Message (rtmp_specification_1.0 §6.2, §7.1.7): type 4, a 16-bit event type + data. */
import { protocolReader } from "../byte-reader.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";

/** §7.1.7 event types. */
export const UserControlEvent = {
  streamBegin: 0,
  streamEof: 1,
  streamDry: 2,
  setBufferLength: 3,
  streamIsRecorded: 4,
  pingRequest: 6,
  pingResponse: 7,
} as const;

export type UserControl =
  | { eventType: 0 | 1 | 2 | 4; streamId: number }
  | { eventType: 3; streamId: number; bufferLength: number }
  | { eventType: 6 | 7; timestamp: number }
  | { eventType: number; data: Uint8Array };

export function decodeUserControl(payload: Uint8Array): UserControl {
  const reader = protocolReader(payload);
  const eventType = reader.u16();
  switch (eventType) {
    case 0:
    case 1:
    case 2:
    case 4:
      return { eventType, streamId: reader.u32() };
    case 3:
      return { eventType, streamId: reader.u32(), bufferLength: reader.u32() };
    case 6:
    case 7:
      return { eventType, timestamp: reader.u32() };
    default:
      // Unknown events (e.g. SWF verification, 26/27) are carried, not refused.
      return { eventType, data: reader.rest() };
  }
}

export function encodeUserControl(message: UserControl): Uint8Array {
  const writer = new ByteWriter(10).u16(message.eventType);
  if ("bufferLength" in message) writer.u32(message.streamId).u32(message.bufferLength);
  else if ("streamId" in message) writer.u32(message.streamId);
  else if ("timestamp" in message) writer.u32(message.timestamp);
  else writer.bytes(message.data);
  return writer.finish();
}
