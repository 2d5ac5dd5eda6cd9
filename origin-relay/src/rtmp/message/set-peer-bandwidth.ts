/** Set Peer Bandwidth (rtmp_specification_1.0 §5.4.5): type 6, window size and limit type. */
import { TributaryError } from "#core/errors.ts";
import { protocolReader } from "../byte-reader.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";

/** §5.4.5 limit types. */
export const LimitType = { hard: 0, soft: 1, dynamic: 2 } as const;

export interface SetPeerBandwidth {
  acknowledgementWindowSize: number;
  limitType: 0 | 1 | 2;
}

export function decodeSetPeerBandwidth(payload: Uint8Array): SetPeerBandwidth {
  const reader = protocolReader(payload);
  const acknowledgementWindowSize = reader.u32();
  const limitType = reader.u8();
  if (limitType > 2) throw new TributaryError("ingest.protocol", `invalid peer bandwidth limit type ${limitType}`);
  return { acknowledgementWindowSize, limitType: limitType as SetPeerBandwidth["limitType"] };
}

export function encodeSetPeerBandwidth(message: SetPeerBandwidth): Uint8Array {
  return new ByteWriter(5).u32(message.acknowledgementWindowSize).u8(message.limitType).finish();
}
