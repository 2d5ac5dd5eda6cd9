/**
 * RTP payload format for H.264 (RFC 6184), receive side: single NAL unit packets, STAP-A aggregates
 * and FU-A fragments are reassembled into access units, one per RTP timestamp (§5.1: the marker bit
 * ends an access unit; a new timestamp ends the previous one too, when a marker was lost). A sequence
 * gap drops the access unit it damaged; the next keyframe repairs the picture.
 *
 * @example
 * const units = depacketizer.push({ payload, timestamp, sequenceNumber, marker });
 */
import { TributaryError } from "#core/errors.ts";

/** NAL unit types that carry packetization, not video (RFC 6184 §5.4 Table 1). */
const STAP_A = 24;
const FU_A = 28;

export interface RtpVideoPacket {
  payload: Uint8Array;
  /** RTP timestamp, 90 kHz (RFC 6184 §5.1). */
  timestamp: number;
  sequenceNumber: number;
  marker: boolean;
}

export interface AccessUnit {
  /** NAL units without start codes or lengths, in decoding order. */
  nalUnits: Uint8Array[];
  timestamp: number;
}

export interface DepacketizerLimits {
  /** Largest access unit reassembled; a bigger one is dropped (a peer cannot make us hold more). */
  maxAccessUnitBytes: number;
}

export class H264Depacketizer {
  readonly #limits: DepacketizerLimits;
  #nalUnits: Uint8Array[] = [];
  #bytes = 0;
  #timestamp: number | undefined;
  #fragment: Uint8Array[] | undefined;
  #nextSequence: number | undefined;
  #damaged = false;

  constructor(limits: DepacketizerLimits = { maxAccessUnitBytes: 4 * 1024 * 1024 }) {
    this.#limits = limits;
  }

  /** Feeds one packet in arrival order; returns the access units it completes (zero, one or two). */
  push(packet: RtpVideoPacket): AccessUnit[] {
    const done: AccessUnit[] = [];
    if (this.#timestamp !== undefined && packet.timestamp !== this.#timestamp) this.#finish(done);
    if (this.#nextSequence !== undefined && packet.sequenceNumber !== this.#nextSequence) this.#damaged = true;
    this.#nextSequence = (packet.sequenceNumber + 1) & 0xffff;
    this.#timestamp = packet.timestamp;
    try {
      this.#payload(packet.payload);
    } catch (error) {
      if (!(error instanceof TributaryError)) throw error;
      this.#damaged = true;
    }
    if (packet.marker) this.#finish(done);
    return done;
  }

  #payload(payload: Uint8Array): void {
    const type = (payload[0] ?? 0) & 0x1f;
    if (payload.byteLength === 0) throw malformed("empty payload");
    if (type === STAP_A) return this.#aggregate(payload);
    if (type === FU_A) return this.#fragmentUnit(payload);
    if (type >= 1 && type <= 23) return this.#add(payload);
    throw malformed(`packetization type ${type} is not supported`);
  }

  /** STAP-A (§5.7.1): a one-byte header, then 16-bit-sized NAL units. */
  #aggregate(payload: Uint8Array): void {
    let at = 1;
    while (at + 2 <= payload.byteLength) {
      const size = ((payload[at] ?? 0) << 8) | (payload[at + 1] ?? 0);
      at += 2;
      if (size === 0 || at + size > payload.byteLength) throw malformed("STAP-A unit overruns the packet");
      this.#add(payload.subarray(at, at + size));
      at += size;
    }
  }

  /** FU-A (§5.8): indicator (F, NRI, type 28), header (S, E, R, type), then the fragment. */
  #fragmentUnit(payload: Uint8Array): void {
    if (payload.byteLength < 3) throw malformed("FU-A shorter than its headers");
    const indicator = payload[0] ?? 0;
    const header = payload[1] ?? 0;
    const start = (header & 0x80) !== 0;
    const end = (header & 0x40) !== 0;
    if (start) this.#fragment = [Uint8Array.of((indicator & 0xe0) | (header & 0x1f))];
    if (this.#fragment === undefined) throw malformed("FU-A continues a fragment whose start was lost");
    this.#fragment.push(payload.subarray(2));
    this.#grow(payload.byteLength - 2);
    if (!end) return;
    const parts = this.#fragment;
    this.#fragment = undefined;
    const unit = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
    let at = 0;
    for (const part of parts) {
      unit.set(part, at);
      at += part.byteLength;
    }
    this.#nalUnits.push(unit);
  }

  #add(unit: Uint8Array): void {
    this.#grow(unit.byteLength);
    // Copied: the packet's buffer is the transport's, and reused.
    this.#nalUnits.push(unit.slice());
  }

  #grow(bytes: number): void {
    this.#bytes += bytes;
    if (this.#bytes > this.#limits.maxAccessUnitBytes) throw malformed("access unit larger than the limit");
  }

  #finish(done: AccessUnit[]): void {
    const intact = !this.#damaged && this.#fragment === undefined && this.#nalUnits.length > 0;
    if (intact && this.#timestamp !== undefined) done.push({ nalUnits: this.#nalUnits, timestamp: this.#timestamp });
    this.#nalUnits = [];
    this.#bytes = 0;
    this.#fragment = undefined;
    this.#damaged = false;
    this.#timestamp = undefined;
  }
}

function malformed(reason: string): TributaryError {
  return new TributaryError("ingest.protocol", `H.264 RTP payload: ${reason}`);
}
