/** RTMP message type ids (rtmp_specification_1.0 §5.4, §7.1). */
export const MessageType = {
  setChunkSize: 1,
  abort: 2,
  acknowledgement: 3,
  userControl: 4,
  windowAcknowledgementSize: 5,
  setPeerBandwidth: 6,
  audio: 8,
  video: 9,
  dataAmf3: 15,
  commandAmf3: 17,
  dataAmf0: 18,
  commandAmf0: 20,
} as const;

/** One reassembled RTMP message (§6.1: header fields + payload). */
export interface RtmpMessage {
  chunkStreamId: number;
  /** Absolute timestamp in milliseconds, 32-bit wrapping. */
  timestamp: number;
  typeId: number;
  messageStreamId: number;
  payload: Uint8Array;
}

/** Chunk stream ids we send on (§5.3.1.1: 2 is reserved for protocol control). */
export const ChunkStreamId = {
  protocolControl: 2,
  command: 3,
} as const;
