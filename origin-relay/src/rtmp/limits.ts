/**
 * Caps on everything a peer can size. RTMP lets a peer declare chunk sizes up to 2^31-1 and message
 * lengths up to 2^24-1; we refuse anything beyond these before allocating.
 */
export interface RtmpLimits {
  /**
   * Largest Set Chunk Size we accept. 64 KiB covers every encoder we know (OBS and FFmpeg use 4096,
   * Wirecast 65536 at most); larger chunks only let a peer make us buffer more per chunk.
   */
  maxChunkSize: number;
  /**
   * Largest message we reassemble. The 24-bit length field allows 16 MiB - 1; a 4K keyframe at
   * 50 Mbit/s is a few MiB, so 8 MiB leaves room without letting every chunk stream hold 16 MiB.
   */
  maxMessageLength: number;
  /**
   * Bytes reserved, across all chunk streams, for messages still being reassembled. Each message's
   * buffer is allocated at its declared length when its first chunk arrives, so without this a peer
   * could make 64 chunk streams declare 8 MiB each in a few kilobytes and have us allocate 512 MiB.
   */
  maxReassemblyBytes: number;
  /** Distinct chunk stream ids tracked per connection (publishers use fewer than ten). */
  maxChunkStreams: number;
  /** Message streams a connection may create with createStream. */
  maxMessageStreams: number;
  /** Bytes of decoded messages held while an authorization decision is pending. */
  maxPendingBytes: number;
}

export const defaultRtmpLimits: RtmpLimits = {
  maxChunkSize: 64 * 1024,
  maxMessageLength: 8 * 1024 * 1024,
  maxReassemblyBytes: 16 * 1024 * 1024,
  maxChunkStreams: 64,
  maxMessageStreams: 8,
  maxPendingBytes: 8 * 1024 * 1024,
};
