/**
 * Client side of the RTMP handshake, for our own tools and tests that speak RTMP to the server.
 * With `digest: true` it behaves like Flash Player (and FFmpeg): signs C1 and checks S1 and S2.
 */
import { TributaryError } from "#core/errors.ts";
import type { Random } from "#core/clock.ts";
import { FMS_KEY, FMS_KEY_TEXT, FP_KEY, FP_KEY_TEXT, PACKET_SIZE, findDigest, signEcho, signPacket, verifyEcho, type DigestScheme } from "./digest.ts";
import { RTMP_VERSION, type HandshakeStep } from "./server-handshake.ts";

/** The Flash Player version FFmpeg announces in C1 (9.0.124.2). */
const PLAYER_VERSION = [0x09, 0x00, 0x7c, 0x02];

export class ClientHandshake {
  #buffer = new Uint8Array(0);
  #done = false;
  readonly #c1: Uint8Array;
  readonly #c1Digest: Uint8Array | undefined;
  readonly #random: Random;

  constructor(random: Random, options: { digest?: boolean; scheme?: DigestScheme } = {}) {
    this.#random = random;
    this.#c1 = random.bytes(PACKET_SIZE);
    this.#c1.fill(0, 0, 4);
    if (options.digest) {
      this.#c1.set(PLAYER_VERSION, 4);
      this.#c1Digest = signPacket(this.#c1, options.scheme ?? 0, FP_KEY_TEXT);
    } else {
      this.#c1.fill(0, 4, 8);
    }
  }

  /** C0 + C1, to send first. */
  start(): Uint8Array {
    const out = new Uint8Array(1 + PACKET_SIZE);
    out[0] = RTMP_VERSION;
    out.set(this.#c1, 1);
    return out;
  }

  /** Feeds S0/S1/S2; replies with C2 once they are all here. */
  push(bytes: Uint8Array): HandshakeStep {
    if (this.#done) throw new TypeError("handshake already complete");
    const buffer = new Uint8Array(this.#buffer.length + bytes.length);
    buffer.set(this.#buffer);
    buffer.set(bytes, this.#buffer.length);
    const need = 1 + 2 * PACKET_SIZE;
    if (buffer.length < need) {
      this.#buffer = buffer;
      return { done: false, rest: new Uint8Array(0) };
    }
    if (buffer[0] !== RTMP_VERSION) throw new TributaryError("ingest.protocol", `server answered version ${buffer[0]}`);
    const s1 = buffer.subarray(1, 1 + PACKET_SIZE);
    const s2 = buffer.subarray(1 + PACKET_SIZE, need);
    let c2: Uint8Array;
    if (this.#c1Digest) {
      const found = findDigest(s1, FMS_KEY_TEXT);
      if (!found) throw new TributaryError("ingest.protocol", "S1 digest does not verify");
      if (!verifyEcho(s2, FMS_KEY, this.#c1Digest)) {
        throw new TributaryError("ingest.protocol", "S2 signature does not verify");
      }
      c2 = this.#random.bytes(PACKET_SIZE);
      signEcho(c2, FP_KEY, found.digest);
    } else {
      c2 = s1.slice();
    }
    this.#done = true;
    return { reply: c2, done: true, rest: buffer.subarray(need) };
  }
}

