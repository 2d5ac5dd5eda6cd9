/**
 * Fuzz target: the MPEG-TS demuxer SRT ingest runs, fed in random pieces. Inputs are random bytes,
 * structure-aware packets (sync byte, PIDs from the program and random ones, every
 * adaptation_field_control with random adaptation_field_length, PSI sections with random lengths,
 * PES headers with random flags) and mutations of a small program (PAT, PMT, H.264 and AAC PES).
 * Invariants: push never throws (the demuxer only watches the bytes on their way to ffmpeg), and the
 * open PES buffers stay under maxPesBytes.
 */
import * as fc from "fast-check";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { FuzzFinding, fuzzTarget, invariant } from "#core/testing/fuzz/fuzz-target.ts";
import { mutatedBytes, randomBytes, splits } from "#core/testing/fuzz/mutations.ts";
import { TsDemuxer } from "./demuxer.ts";
import { SYNC_BYTE, TS_PACKET_SIZE } from "./packet.ts";
import { StreamType } from "./psi.ts";

const PMT_PID = 0x1000;
const VIDEO_PID = 0x100;
const AUDIO_PID = 0x101;
const MAX_PES_BYTES = 64 * 1024;

/** One packet: header, optional adaptation field (stuffed to fit), payload cut to 188 bytes. */
function packet(pid: number, start: boolean, payload: Uint8Array, options: { afc?: number; adaptation?: Uint8Array } = {}): Uint8Array {
  const out = new Uint8Array(TS_PACKET_SIZE).fill(0xff);
  const afc = options.afc ?? (options.adaptation ? 3 : 1);
  out[0] = SYNC_BYTE;
  out[1] = (start ? 0x40 : 0) | ((pid >> 8) & 0x1f);
  out[2] = pid & 0xff;
  out[3] = (afc << 4) | 0;
  let at = 4;
  if (options.adaptation) {
    out.set(options.adaptation.subarray(0, TS_PACKET_SIZE - at), at);
    at += Math.min(options.adaptation.byteLength, TS_PACKET_SIZE - at);
  }
  out.set(payload.subarray(0, TS_PACKET_SIZE - at), at);
  return out;
}

function section(tableId: number, body: Uint8Array): Uint8Array {
  // pointer_field 0, table_id, section_length covering the 5-byte header rest + body + CRC_32.
  const length = 5 + body.byteLength + 4;
  return new ByteWriter().u8(0).u8(tableId).u16(0xb000 | length).u16(1).u8(0xc1).u8(0).u8(0).bytes(body).u32(0).finish();
}

const pat = () => section(0x00, new ByteWriter().u16(1).u16(0xe000 | PMT_PID).finish());
const pmt = () =>
  section(0x02, new ByteWriter().u16(0xe000 | VIDEO_PID).u16(0xf000).u8(StreamType.h264).u16(0xe000 | VIDEO_PID).u16(0xf000).u8(StreamType.aacAdts).u16(0xe000 | AUDIO_PID).u16(0xf000).finish());

function pts(w: ByteWriter, prefix: number, ticks: number): void {
  w.u8((prefix << 4) | (((ticks / 2 ** 30) & 0x07) << 1) | 1).u16((((ticks >>> 15) & 0x7fff) << 1) | 1).u16(((ticks & 0x7fff) << 1) | 1);
}

function pes(streamId: number, data: Uint8Array, ticks: number): Uint8Array {
  const w = new ByteWriter().u8(0).u8(0).u8(1).u8(streamId).u16(0).u8(0x80).u8(0xc0).u8(10);
  pts(w, 3, ticks + 3000);
  pts(w, 1, ticks);
  return w.bytes(data).finish();
}

const annexB = new ByteWriter()
  .bytes(Uint8Array.of(0, 0, 0, 1, 0x09, 0xf0))
  .bytes(Uint8Array.of(0, 0, 0, 1, 0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9, 0x40, 0x50, 0x05, 0xbb, 0x01))
  .bytes(Uint8Array.of(0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x21, ...new Uint8Array(300).fill(0x5a)))
  .finish();
const adts = Uint8Array.of(0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, 0x21, 0x10, 0x05);

function pesPackets(pid: number, bytes: Uint8Array, randomAccess: boolean): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, first = true; at < bytes.byteLength; first = false) {
    const adaptation = first && randomAccess ? Uint8Array.of(1, 0x40) : undefined;
    const room = TS_PACKET_SIZE - 4 - (adaptation?.byteLength ?? 0);
    out.push(packet(pid, first, bytes.subarray(at, at + room), adaptation ? { adaptation } : {}));
    at += room;
  }
  return out;
}

function program(): Uint8Array {
  const packets = [
    packet(0, true, pat()),
    packet(PMT_PID, true, pmt()),
    ...pesPackets(VIDEO_PID, pes(0xe0, annexB, 90_000), true),
    ...pesPackets(AUDIO_PID, pes(0xc0, adts, 90_000), false),
    ...pesPackets(VIDEO_PID, pes(0xe0, annexB.subarray(20), 93_000), false),
  ];
  const w = new ByteWriter();
  for (const p of packets) w.bytes(p);
  return w.finish();
}

/** Packets with the sync byte and fields from the tables, some carrying PSI or PES headers. */
const structuredPacket = fc
  .record({
    pid: fc.constantFrom(0, PMT_PID, VIDEO_PID, AUDIO_PID, 0x1fff, 0x11),
    start: fc.boolean(),
    afc: fc.nat({ max: 3 }),
    adaptationLength: fc.oneof(fc.nat({ max: 8 }), fc.constantFrom(182, 183, 184, 255)),
    body: fc.oneof(
      fc.uint8Array({ maxLength: 184 }),
      fc.tuple(fc.constantFrom(0, 2), fc.nat({ max: 0xfff }), fc.uint8Array({ maxLength: 40 })).map(([table, length, rest]) => new ByteWriter().u8(0).u8(table).u16(0xb000 | length).bytes(rest).finish()),
      fc.tuple(fc.nat({ max: 255 }), fc.nat({ max: 255 }), fc.uint8Array({ maxLength: 60 })).map(([flags, headerLength, rest]) => new ByteWriter().u8(0).u8(0).u8(1).u8(0xe0).u16(0).u8(0x80).u8(flags).u8(headerLength).bytes(rest).finish()),
    ),
  })
  .map(({ pid, start, afc, adaptationLength, body }) => packet(pid, start, body, afc & 2 ? { afc, adaptation: Uint8Array.of(adaptationLength, 0x40) } : { afc }));

const packetStream = fc.array(structuredPacket, { minLength: 1, maxLength: 40 }).map((packets) => {
  const w = new ByteWriter().bytes(program().subarray(0, 2 * TS_PACKET_SIZE));
  for (const p of packets) w.bytes(p);
  return w.finish();
});

export const tsDemuxerFuzz = fuzzTarget<Uint8Array[]>({
  name: "mpegts",
  parser: "origin-relay/src/mpegts/demuxer.ts",
  seeds: () => [program()],
  arbitraries: (seeds) => ({
    bytes: splits(randomBytes(4096), 1024),
    structured: splits(packetStream, 1024),
    mutated: splits(mutatedBytes(seeds, 16), 1024),
  }),
  run(pieces) {
    const demuxer = new TsDemuxer({ maxPesBytes: MAX_PES_BYTES });
    let held = 0;
    for (const piece of pieces) {
      try {
        demuxer.push(piece);
      } catch (error) {
        // The demuxer only watches bytes on their way to ffmpeg: it skips what it cannot read.
        throw new FuzzFinding(`TsDemuxer.push threw ${String(error)}`);
      }
      held = demuxer.bufferedBytes;
      invariant(held <= 2 * MAX_PES_BYTES + TS_PACKET_SIZE, () => `demuxer holds ${held} bytes`);
    }
    demuxer.flush();
  },
});
