/**
 * Server side of the RTMP handshake (rtmp_specification_1.0 §5.2), push-style: feed bytes, get the
 * reply to send and, once C2 has arrived, `done` with any bytes that already belong to the chunk stream.
 * A C1 with a non-zero version field and a valid digest gets a digest-signed S1/S2 (see digest.ts);
 * anything else gets the simple scheme.
 */
import { TributaryError } from "#core/errors.ts";
import type { Random } from "#core/clock.ts";
import { FMS_KEY, FMS_KEY_TEXT, FP_KEY_TEXT, PACKET_SIZE, findDigest, signEcho, signPacket } from "./digest.ts";

/** §5.2.2: the only version we speak; 6 (RTMPE) and others are refused. */
export const RTMP_VERSION = 3;

/** The FMS version we announce in a digest S1 (a value FFmpeg and Flash accept). */
const SERVER_VERSION = [0x04, 0x05, 0x00, 0x01];

export interface HandshakeStep {
  /** Bytes to send to the peer now, if any. */
  reply?: Uint8Array;
  /** True once C2 has been read. */
  done: boolean;
  /** Bytes after C2: the start of the chunk stream. */
  rest: Uint8Array;
}

export type HandshakeScheme = "simple" | "digest";

export class ServerHandshake {
  #state: "c0c1" | "c2" | "done" = "c0c1";
  #buffer = new Uint8Array(0);
  readonly #random: Random;
  readonly #uptime: () => number;
  /** Which scheme the client used, once C1 has been read. */
  scheme: HandshakeScheme | undefined;

  /** `uptime` gives the 32-bit time field we stamp on S1 (§5.2.3). */
  constructor(random: Random, uptime: () => number = () => 0) {
    this.#random = random;
    this.#uptime = uptime;
  }

  push(bytes: Uint8Array): HandshakeStep {
    if (this.#state === "done") throw new TypeError("handshake already complete");
    const buffer = new Uint8Array(this.#buffer.length + bytes.length);
    buffer.set(this.#buffer);
    buffer.set(bytes, this.#buffer.length);
    let reply: Uint8Array | undefined;
    let offset = 0;
    if (this.#state === "c0c1" && buffer.length >= 1) {
      if (buffer[0] !== RTMP_VERSION) {
        throw new TributaryError("ingest.protocol", `unsupported RTMP version ${buffer[0]}`, { fatal: true, details: { version: buffer[0] } });
      }
      if (buffer.length < 1 + PACKET_SIZE) return this.#keep(buffer, 0);
      reply = this.#respond(buffer.subarray(1, 1 + PACKET_SIZE));
      offset = 1 + PACKET_SIZE;
      this.#state = "c2";
    }
    if (this.#state === "c2" && buffer.length - offset >= PACKET_SIZE) {
      // C2 should echo S1, but many encoders send anything here; nothing in it changes what we do.
      offset += PACKET_SIZE;
      this.#state = "done";
      this.#buffer = new Uint8Array(0);
      return { reply, done: true, rest: buffer.subarray(offset) };
    }
    return { ...this.#keep(buffer, offset), reply };
  }

  #keep(buffer: Uint8Array, offset: number): HandshakeStep {
    this.#buffer = buffer.slice(offset);
    return { done: false, rest: new Uint8Array(0) };
  }

  /** Builds S0 + S1 + S2 for C1. */
  #respond(c1: Uint8Array): Uint8Array {
    const out = new Uint8Array(1 + 2 * PACKET_SIZE);
    out[0] = RTMP_VERSION;
    const s1 = out.subarray(1, 1 + PACKET_SIZE);
    const s2 = out.subarray(1 + PACKET_SIZE);
    s1.set(this.#random.bytes(PACKET_SIZE));
    new DataView(s1.buffer, s1.byteOffset).setUint32(0, this.#uptime() >>> 0);
    const hasVersion = c1[4] !== 0 || c1[5] !== 0 || c1[6] !== 0 || c1[7] !== 0;
    const found = hasVersion ? findDigest(c1, FP_KEY_TEXT) : undefined;
    if (!found) {
      // §5.2.3/§5.2.4 simple scheme: S1 time, zero, random; S2 echoes C1's random data.
      this.scheme = "simple";
      s1.fill(0, 4, 8);
      s2.set(c1);
      new DataView(s2.buffer, s2.byteOffset).setUint32(4, this.#uptime() >>> 0);
      return out;
    }
    this.scheme = "digest";
    s1.set(SERVER_VERSION, 4);
    signPacket(s1, found.scheme, FMS_KEY_TEXT);
    s2.set(this.#random.bytes(PACKET_SIZE));
    signEcho(s2, FMS_KEY, found.digest);
    return out;
  }
}
