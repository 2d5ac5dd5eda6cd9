import { describe, expect, it } from "vitest";
import { H264Depacketizer, type RtpVideoPacket } from "./rtp-depacketizer.ts";
import { packetizeAccessUnit } from "./rtp-packetizer.ts";

const sps = Uint8Array.of(0x67, 0x42, 0xc0, 0x1f, 0xda, 0x01); // nal_unit_type 7, profile 66 (Baseline), level 3.1
const pps = Uint8Array.of(0x68, 0xce, 0x3c, 0x80); // nal_unit_type 8
const idr = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i === 0 ? 0x65 : i % 251)); // nal_unit_type 5

function packets(units: Uint8Array[][], maxPayload: number): RtpVideoPacket[] {
  let sequenceNumber = 65_530; // wraps inside the run
  return units.flatMap((unit, i) => packetizeAccessUnit(unit, maxPayload).map((p) => ({ payload: p.payload, marker: p.marker, timestamp: 3000 * i, sequenceNumber: sequenceNumber++ & 0xffff })));
}

describe("H.264 RTP (RFC 6184)", () => {
  it("reassembles what the packetizer cut, single NAL units and FU-A alike", () => {
    const units = [[sps, pps, idr(5000)], [idr(800)], [idr(1201)]];
    const depacketizer = new H264Depacketizer();
    const out = packets(units, 1200).flatMap((packet) => depacketizer.push(packet));
    expect(out.map((unit) => unit.nalUnits)).toEqual(units);
    expect(out.map((unit) => unit.timestamp)).toEqual([0, 3000, 6000]);
  });

  it("reads STAP-A aggregates (§5.7.1)", () => {
    // STAP-A header (F=0, NRI=3, type 24), then 16-bit size + NAL for the SPS and the PPS.
    const stap = Uint8Array.of(0x78, 0, sps.byteLength, ...sps, 0, pps.byteLength, ...pps);
    const depacketizer = new H264Depacketizer();
    expect(depacketizer.push({ payload: stap, timestamp: 9, sequenceNumber: 1, marker: false })).toEqual([]);
    const [unit] = depacketizer.push({ payload: idr(10), timestamp: 9, sequenceNumber: 2, marker: true });
    expect(unit?.nalUnits).toEqual([sps, pps, idr(10)]);
  });

  it("drops an access unit that lost a packet, and the next one is whole", () => {
    const sent = packets([[idr(3000)], [idr(100)]], 1200);
    const depacketizer = new H264Depacketizer();
    const out = sent.filter((_, i) => i !== 1).flatMap((packet) => depacketizer.push(packet));
    expect(out.map((unit) => unit.timestamp)).toEqual([3000]);
  });

  it("ends an access unit at a new timestamp when its marker was lost", () => {
    const depacketizer = new H264Depacketizer();
    expect(depacketizer.push({ payload: idr(10), timestamp: 1, sequenceNumber: 1, marker: false })).toEqual([]);
    expect(depacketizer.push({ payload: idr(20), timestamp: 2, sequenceNumber: 2, marker: true }).map((unit) => unit.timestamp)).toEqual([1, 2]);
  });

  it("refuses to hold more than its limit, and malformed payloads are dropped without throwing", () => {
    const depacketizer = new H264Depacketizer({ maxAccessUnitBytes: 2000 });
    expect(packets([[idr(5000)]], 1200).flatMap((packet) => depacketizer.push(packet))).toEqual([]);
    for (const payload of [new Uint8Array(0), Uint8Array.of(0x78, 0xff, 0xff, 1), Uint8Array.of(0x7c), Uint8Array.of(0x7c, 0x05, 1), Uint8Array.of(0x1f)]) {
      expect(depacketizer.push({ payload, timestamp: 7, sequenceNumber: 9, marker: true })).toEqual([]);
    }
    expect(depacketizer.push({ payload: idr(10), timestamp: 8, sequenceNumber: 10, marker: true })).toHaveLength(1);
  });
});
