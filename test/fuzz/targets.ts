/** Every fuzz target, in the order `npm run fuzz` runs them. */
import type { FuzzTarget } from "#core/testing/fuzz/fuzz-target.ts";
import { amf0Fuzz } from "#relay/rtmp/amf0/amf0.fuzz.ts";
import { chunkDecoderFuzz } from "#relay/rtmp/chunk/chunk-decoder.fuzz.ts";
import { serverHandshakeFuzz } from "#relay/rtmp/handshake/server-handshake.fuzz.ts";

export const fuzzTargets: FuzzTarget<unknown>[] = [serverHandshakeFuzz, chunkDecoderFuzz, amf0Fuzz];
