/**
 * Fuzz target: the server handshake, then the chunk decoder on whatever follows C2, as a connection
 * runs them. Inputs are random bytes behind a valid C0 (and without), C0+C1+C2 built by our client in
 * both the simple and the digest scheme, and their mutations, all in random pieces. Invariant: there
 * is at most one reply and it is always S0+S1+S2 (3073 bytes).
 */
import * as fc from "fast-check";
import type { Random } from "#core/clock.ts";
import { fuzzTarget, invariant } from "#core/testing/fuzz/fuzz-target.ts";
import { mutatedBytes, randomBytes, splits } from "#core/testing/fuzz/mutations.ts";
import { ChunkDecoder } from "../chunk/chunk-decoder.ts";
import { ClientHandshake } from "./client-handshake.ts";
import { PACKET_SIZE } from "./digest.ts";
import { RTMP_VERSION, ServerHandshake } from "./server-handshake.ts";

/** A fixed "random" source: the fuzz input, not the server's randomness, is what varies. */
const counting: Random = {
  bytes: (length) => Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff),
};

function clientHello(digest: boolean, scheme: 0 | 1): Uint8Array {
  const c0c1 = new ClientHandshake(counting, { digest, scheme }).start();
  const out = new Uint8Array(c0c1.length + PACKET_SIZE + 16);
  out.set(c0c1);
  out.fill(0xc2, c0c1.length, c0c1.length + PACKET_SIZE);
  // The first bytes of the chunk stream: a type-0 chunk header of a 1-byte message and its body.
  out.set([0x03, 0, 0, 0, 0, 0, 1, 0x14, 0, 0, 0, 0, 0x05], c0c1.length + PACKET_SIZE);
  return out;
}

const withVersion = randomBytes(4096).map((bytes) => {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = RTMP_VERSION;
  out.set(bytes, 1);
  return out;
});

export const serverHandshakeFuzz = fuzzTarget<Uint8Array[]>({
  name: "rtmp-handshake",
  parser: "origin-relay/src/rtmp/handshake/server-handshake.ts",
  seeds: () => [clientHello(false, 0), clientHello(true, 0), clientHello(true, 1)],
  arbitraries: (seeds) => ({
    bytes: splits(fc.oneof(randomBytes(), withVersion), 2048),
    mutated: splits(mutatedBytes(seeds), 2048),
  }),
  run(pieces) {
    const handshake = new ServerHandshake(counting, () => 1234);
    let chunks: ChunkDecoder | undefined;
    let replies = 0;
    for (const piece of pieces) {
      if (chunks) {
        chunks.push(piece);
        continue;
      }
      const step = handshake.push(piece);
      if (step.reply) {
        replies++;
        invariant(step.reply.byteLength === 1 + 2 * PACKET_SIZE, `reply of ${step.reply.byteLength} bytes`);
      }
      invariant(replies <= 1, "more than one S0+S1+S2");
      if (step.done) {
        chunks = new ChunkDecoder();
        chunks.push(step.rest);
      }
    }
  },
});
