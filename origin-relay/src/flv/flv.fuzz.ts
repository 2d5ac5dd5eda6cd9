/**
 * Fuzz target: FLV tag bodies as RTMP delivers them (legacy and Enhanced RTMP video headers, audio
 * headers, the AVC decoder configuration and SPS behind them, onMetaData), and FLV byte streams
 * through the reader and demuxer in random pieces. Inputs are random bytes, structure-aware tags (every
 * frame type and codec id, the ex-header bit with every packet type and FourCC) and mutations of real
 * sequence headers and frames.
 */
import * as fc from "fast-check";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { fuzzTarget } from "#core/testing/fuzz/fuzz-target.ts";
import { mutatedBytes, randomBytes, splits } from "#core/testing/fuzz/mutations.ts";
import { writeAvcC } from "#transcoder/boxes/avcC.ts";
import { FlvDemuxer } from "../demux/flv-demuxer.ts";
import { FlvUnit } from "../demux/flv-unit.ts";
import { decodeData, encodeData } from "../rtmp/message/data.ts";
import { Amf0EcmaArray } from "../rtmp/amf0/value.ts";
import { CodecInfoTracker } from "./codec-info.ts";
import { metadataFromData } from "./metadata.ts";
import { encodeFlvHeader, encodeFlvTag } from "./muxer.ts";
import { FlvTagType, type FlvTag, type FlvTagTypeId } from "./tag.ts";

type FlvInput = { kind: "tag"; type: FlvTagTypeId; payload: Uint8Array } | { kind: "stream"; pieces: Uint8Array[] };

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => Number.parseInt(b, 16));
/** x264's 1280x720 High profile SPS and PPS. */
const SPS = hex("67 64 00 1f ac d9 40 50 05 bb 01 6a 02 02 02 80 00 00 03 00 80 00 00 1e 07 8c 18 cb");
const PPS = hex("68 eb e3 cb 22 c0");

function avcSequenceHeader(): Uint8Array {
  const w = new ByteWriter().u8(0x17).u8(0).u24(0);
  const config = new ByteWriter();
  writeAvcC(config, { configurationVersion: 1, AVCProfileIndication: 0x64, profile_compatibility: 0, AVCLevelIndication: 0x1f, lengthSizeMinusOne: 3, sequenceParameterSets: [SPS], pictureParameterSets: [PPS] });
  // writeAvcC writes a box; the FLV body carries only its payload (after the 8-byte header).
  return w.bytes(config.finish().subarray(8)).finish();
}

const videoSeeds = () => [
  avcSequenceHeader(),
  hex("27 01 ffffdf 00000002 4101"), // AVC inter frame, CompositionTime -33
  hex("17 01 000000 00000005 6588840021"), // AVC IDR
  hex("90 68766331 01 01 60000000 00 00 00 00 00 00 5d f0 00 fc fd f8 f8 00 00 0f 03"), // hvc1 sequence start
  hex("91 68766331 000042 00000003 260101"), // hvc1 CodedFrames
  hex("a3 61763031 12000a0b"), // av01 CodedFramesX
  hex("94 68766331 02 0009 636f6c6f72496e666f 05"), // hvc1 metadata
];
const audioSeeds = () => [hex("af 00 1210"), hex("af 01 211005"), hex("2e 0102"), hex("af 00 f8 8f ff ff")];
const scriptSeed = () => encodeData({ handler: "@setDataFrame", values: ["onMetaData", new Amf0EcmaArray({ width: 1280, height: 720, framerate: 30, stereo: true, encoder: "obs" })] });

function flvFile(): Uint8Array {
  const w = new ByteWriter().bytes(encodeFlvHeader({ audio: true, video: true }));
  const tags: FlvTag[] = [
    { type: FlvTagType.script, timestamp: 0, payload: scriptSeed() },
    ...videoSeeds().map((payload, i): FlvTag => ({ type: FlvTagType.video, timestamp: i * 33, payload })),
    ...audioSeeds().map((payload, i): FlvTag => ({ type: FlvTagType.audio, timestamp: 0x1000000 + i * 23, payload })),
  ];
  for (const tag of tags) w.bytes(encodeFlvTag(tag));
  return w.finish();
}

/** A video tag header from the tables: legacy (frame type, codec id) or ex-header (packet type, FourCC). */
const structuredVideo = fc
  .record({
    enhanced: fc.boolean(),
    frameType: fc.nat({ max: 7 }),
    low: fc.nat({ max: 15 }),
    fourcc: fc.constantFrom("hvc1", "av01", "vp09", "avc1", "avc3", "\0\0\0\0"),
    avcPacketType: fc.nat({ max: 3 }),
    rest: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ enhanced, frameType, low, fourcc, avcPacketType, rest }) => {
    const w = new ByteWriter();
    if (enhanced) w.u8(0x80 | ((frameType & 7) << 4) | low).fourcc(fourcc);
    else w.u8((frameType << 4) | low).u8(avcPacketType);
    return w.bytes(rest).finish();
  });

const tagInput = (type: FlvTagTypeId, payload: fc.Arbitrary<Uint8Array>) => payload.map((p): FlvInput => ({ kind: "tag", type, payload: p }));
const anyType = fc.constantFrom(FlvTagType.audio, FlvTagType.video, FlvTagType.script);

export const flvFuzz = fuzzTarget<FlvInput>({
  name: "flv",
  parser: "origin-relay/src/flv/video-tag.ts, audio-tag.ts, reader.ts",
  seeds: () => [...videoSeeds(), ...audioSeeds(), scriptSeed(), flvFile()],
  arbitraries: (seeds) => ({
    bytes: fc.tuple(anyType, randomBytes(256)).map(([type, payload]): FlvInput => ({ kind: "tag", type, payload })),
    video: tagInput(FlvTagType.video, structuredVideo),
    mutatedVideo: tagInput(FlvTagType.video, mutatedBytes(videoSeeds())),
    mutatedAudio: tagInput(FlvTagType.audio, mutatedBytes(audioSeeds())),
    mutatedScript: tagInput(FlvTagType.script, mutatedBytes([scriptSeed()])),
    stream: splits(mutatedBytes(seeds.length > 0 ? seeds : [flvFile()])).map((pieces): FlvInput => ({ kind: "stream", pieces })),
  }),
  run(input) {
    if (input.kind === "stream") {
      const demuxer = new FlvDemuxer();
      for (const piece of input.pieces) demuxer.push(piece);
      return;
    }
    const tag: FlvTag = { type: input.type, timestamp: 0, payload: input.payload };
    // FlvUnit and CodecInfoTracker swallow refusals themselves; anything else escapes to the runner.
    void new FlvUnit(tag).media;
    new CodecInfoTracker().observe(tag);
    if (input.type === FlvTagType.script) metadataFromData(decodeData(input.payload));
  },
});
