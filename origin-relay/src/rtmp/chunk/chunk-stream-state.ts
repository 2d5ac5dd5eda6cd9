/** What a chunk stream remembers between chunks (rtmp_specification_1.0 §5.3.1.2: header compression). */
export interface ChunkStreamState {
  /** Absolute timestamp of the current (or last) message. */
  timestamp: number;
  /** The delta types 1-3 add; type 0 stores its absolute value here, as FFmpeg and librtmp do. */
  timestampDelta: number;
  messageLength: number;
  typeId: number;
  messageStreamId: number;
  /** The last type 0-2 header carried 0xFFFFFF, so type-3 chunks carry an extended timestamp too (§5.3.1.3). */
  extended: boolean;
  /** The last extended timestamp value read, to recognise it on continuation chunks. */
  extendedValue: number;
  /**
   * The message being reassembled: its declared (already checked) length is reserved when its first
   * chunk arrives, and the buffer grows towards it as chunks are copied in.
   */
  body: Uint8Array | undefined;
  received: number;
}

export function newChunkStreamState(): ChunkStreamState {
  return { timestamp: 0, timestampDelta: 0, messageLength: 0, typeId: 0, messageStreamId: 0, extended: false, extendedValue: 0, body: undefined, received: 0 };
}
