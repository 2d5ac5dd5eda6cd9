// Table-driven decode/encode tests for the init-segment boxes the remuxer writes (ISO/IEC 14496-12 §8.2-§8.5, 14496-15, 14496-14).
import { describe, expect, it } from "vitest";
import { boxTable, hex } from "./testing/box-table.ts";
import { parseAvcC, writeAvcC } from "./avcC.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren } from "./children.ts";
import { parseEsds, writeEsds } from "./esds.ts";
import { parseHdlr, writeHdlr } from "./hdlr.ts";
import { parseHvcC } from "./hvcC.ts";
import { parseMdhd, writeMdhd } from "./mdhd.ts";
import { parseMoov, writeMoov } from "./moov.ts";
import type { MovieBox } from "./moov.ts";
import { parseMvhd, writeMvhd } from "./mvhd.ts";
import { parseTkhd, writeTkhd } from "./tkhd.ts";

describe("avcC", () =>
  boxTable(parseAvcC, writeAvcC, [
    {
      name: "one SPS, one PPS, 4-byte lengths",
      decoded: { configurationVersion: 1, AVCProfileIndication: 0x64, profile_compatibility: 0, AVCLevelIndication: 0x1f, lengthSizeMinusOne: 3, sequenceParameterSets: [hex("6764001f")], pictureParameterSets: [hex("68ee3cb0")] },
      bytes: hex(`0000001b 61766343 # size 27, 'avcC'
        01 64 00 1f # configurationVersion 1, High profile, compatibility 0, level 3.1
        ff # reserved 111111, lengthSizeMinusOne 3
        e1 0004 6764001f # reserved 111, one SPS of 4 bytes
        01 0004 68ee3cb0 # one PPS of 4 bytes`),
    },
  ]));

describe("esds", () =>
  boxTable(parseEsds, writeEsds, [
    {
      name: "AAC-LC 48 kHz stereo",
      decoded: { ES_ID: 1, objectTypeIndication: 0x40, streamType: 5, bufferSizeDB: 0, maxBitrate: 0, avgBitrate: 64000, decoderSpecificInfo: hex("1190") },
      bytes: hex(`00000027 65736473 00 000000 # size 39, 'esds', v0
        03 19 0001 00 # ES_Descriptor, 25 bytes: ES_ID 1, no flags
        04 11 40 15 000000 00000000 0000fa00 # DecoderConfigDescriptor, 17 bytes: MPEG-4 Audio, audio stream (5 << 2 | 1), avgBitrate 64000
        05 02 1190 # DecoderSpecificInfo: AudioSpecificConfig AAC-LC, 48 kHz, 2 channels
        06 01 02 # SLConfigDescriptor predefined 2`),
    },
  ]));

describe("hdlr", () =>
  boxTable(parseHdlr, writeHdlr, [
    {
      name: "sound handler",
      decoded: { handler_type: "soun", name: "Sound" },
      bytes: hex(`00000026 68646c72 00 000000 # size 38, 'hdlr', v0
        00000000 736f756e # pre_defined, handler_type 'soun'
        00000000 00000000 00000000 # reserved[3]
        536f756e6400 # name "Sound", NUL-terminated`),
    },
  ]));

describe("mdhd", () =>
  boxTable(parseMdhd, writeMdhd, [
    {
      name: "version 0, 90 kHz, und",
      decoded: { version: 0, timescale: 90000, duration: 0, language: "und" },
      bytes: hex(`00000020 6d646864 00 000000 # size 32, 'mdhd', v0
        00000000 00000000 # creation_time, modification_time
        00015f90 00000000 # timescale 90000, duration 0
        55c4 0000 # language 'und' (21, 14, 4 in 5-bit letters), pre_defined`),
    },
  ]));

describe("mvhd and tkhd round-trip through their parsers", () => {
  it("mvhd", () => {
    for (const box of [{ version: 0, timescale: 1000, duration: 0, next_track_ID: 2 }, { version: 1, timescale: 90000, duration: 2 ** 33, next_track_ID: 3 }]) {
      const w = new ByteWriter();
      writeMvhd(w, box);
      const bytes = w.finish();
      expect(bytes.byteLength).toBe(box.version === 1 ? 120 : 108);
      expect(parseMvhd(readChildren(bytes)[0]?.payload ?? new Uint8Array())).toEqual(box);
    }
  });
  it("tkhd", () => {
    for (const box of [{ version: 0, flags: 3, track_ID: 1, duration: 0, volume: 0, width: 1280, height: 720 }, { version: 1, flags: 3, track_ID: 2, duration: 5, volume: 1, width: 0, height: 0 }]) {
      const w = new ByteWriter();
      writeTkhd(w, box);
      const bytes = w.finish();
      expect(bytes.byteLength).toBe(box.version === 1 ? 104 : 92);
      expect(parseTkhd(readChildren(bytes)[0]?.payload ?? new Uint8Array())).toEqual(box);
    }
  });
});

describe("moov", () => {
  const moov: MovieBox = {
    mvhd: { version: 0, timescale: 1000, duration: 0, next_track_ID: 2 },
    trak: [
      {
        tkhd: { version: 0, flags: 3, track_ID: 1, duration: 0, volume: 1, width: 0, height: 0 },
        mdia: {
          mdhd: { version: 0, timescale: 44100, duration: 0, language: "und" },
          hdlr: { handler_type: "soun", name: "SoundHandler" },
          minf: { stbl: { stsd: { entries: [{ kind: "audio", format: "mp4a", data_reference_index: 1, channelcount: 2, samplesize: 16, samplerate: 44100, esds: { ES_ID: 1, objectTypeIndication: 0x40, streamType: 5, bufferSizeDB: 0, maxBitrate: 0, avgBitrate: 0, decoderSpecificInfo: hex("1210") } }] } } },
        },
      },
    ],
    mvex: { trex: [{ track_ID: 1, default_sample_description_index: 1, default_sample_duration: 0, default_sample_size: 0, default_sample_flags: 0 }] },
  };

  it("round-trips a whole init movie through its parser", () => {
    expect(parseMoov(readChildren(writeMoov(moov))[0]?.payload ?? new Uint8Array())).toEqual(moov);
  });

  it("writes the boxes a fragmented track needs, in spec order", () => {
    const path = (bytes: Uint8Array, ...types: string[]): string[] => {
      let children = readChildren(bytes);
      for (const type of types) children = readChildren(children.find((c) => c.type === type)?.payload ?? new Uint8Array());
      return children.map((c) => c.type);
    };
    const bytes = writeMoov(moov);
    expect(path(bytes, "moov")).toEqual(["mvhd", "trak", "mvex"]);
    expect(path(bytes, "moov", "trak", "mdia", "minf")).toEqual(["smhd", "dinf", "stbl"]);
    expect(path(bytes, "moov", "trak", "mdia", "minf", "dinf")).toEqual(["dref"]);
    expect(path(bytes, "moov", "trak", "mdia", "minf", "stbl")).toEqual(["stsd", "stts", "stsc", "stsz", "stco"]);
  });

  it("refuses what it cannot write", () => {
    const bad = { ...moov.trak[0]?.mdia.mdhd, version: 0, timescale: 1, duration: 0, language: "EN" };
    expect(() => writeMdhd(new ByteWriter(), bad)).toThrow(TypeError);
  });
});

describe("hvcC", () => {
  it("reads lengthSizeMinusOne and numOfArrays after the 8 bytes from min_spatial_segmentation_idc to avgFrameRate", () => {
    const box = parseHvcC(hex(`01 01 60000000 b00000000000 5d # version, Main, compatibility, constraints, level 93
      f000 fc fd f8 f8 0000 # min_spatial_segmentation_idc, parallelismType, chromaFormat, bit depths, avgFrameRate
      0f # constantFrameRate 0, numTemporalLayers 1, temporalIdNested 1, lengthSizeMinusOne 3
      02 # numOfArrays`));
    expect([box.lengthSizeMinusOne, box.numOfArrays]).toEqual([3, 2]);
  });
});
