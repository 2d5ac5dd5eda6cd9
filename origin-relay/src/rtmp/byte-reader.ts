/**
 * The shared ByteReader over one complete RTMP message (or FLV tag body): running past its end is bad
 * input from the peer, so it throws `ingest.protocol`, which ends that message, not the process.
 */
import { ByteReader, type ReadFailure } from "#core/bytes/byte-reader.ts";

const PROTOCOL_ERROR: ReadFailure = { code: "ingest.protocol", fatal: false };

export function protocolReader(bytes: Uint8Array, offset = 0): ByteReader {
  return new ByteReader(bytes, offset, PROTOCOL_ERROR);
}
