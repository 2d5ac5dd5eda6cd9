import { describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import { parseAvcC } from "#transcoder/boxes/avcC.ts";
import { concat, hex } from "../rtmp/testing/hex.ts";
import { mutate, prng } from "#core/testing/prng.ts";
import { parseAudioTag, type AudioTag } from "./audio-tag.ts";
import { encodeFlvHeader, encodeFlvTag } from "./muxer.ts";
import { FlvReader } from "./reader.ts";
import type { FlvTag } from "./tag.ts";
import { parseVideoTag, type VideoTag } from "./video-tag.ts";

const AVC_CONFIG = hex(`01 64 00 1f ff  # configurationVersion, profile High, compatibility, level 3.1, lengthSizeMinusOne 3
  e1 0004 6764001f                   # 1 SPS of 4 bytes
  01 0002 68ee                       # 1 PPS of 2 bytes`);

export const videoCases: { name: string; decoded: VideoTag; bytes: Uint8Array }[] = [
  {
    name: "AVC sequence header",
    decoded: { frameType: 1, codec: "avc1", enhanced: false, packetType: 0, compositionTime: 0, data: AVC_CONFIG },
    bytes: concat(hex("17 # keyframe, CodecID 7\n 00 # AVCPacketType 0\n 000000 # CompositionTime"), AVC_CONFIG),
  },
  {
    name: "AVC NALUs with negative composition time",
    decoded: { frameType: 2, codec: "avc1", enhanced: false, packetType: 1, compositionTime: -33, data: hex("00000002 4101") },
    bytes: hex("27 # inter frame, AVC\n 01 # NALU\n ffffdf # SI24 -33\n 00000002 4101"),
  },
  {
    name: "Enhanced RTMP hvc1 SequenceStart",
    decoded: { frameType: 1, codec: "hvc1", enhanced: true, packetType: 0, compositionTime: 0, data: hex("01 01 60000000") },
    bytes: hex("90 # IsExHeader, keyframe, PacketType 0\n 68766331 # 'hvc1'\n 01 01 60000000"),
  },
  {
    name: "Enhanced RTMP hvc1 CodedFrames with composition time",
    decoded: { frameType: 1, codec: "hvc1", enhanced: true, packetType: 1, compositionTime: 66, data: hex("00000003 260101") },
    bytes: hex("91 68766331 000042 # CompositionTime 66\n 00000003 260101"),
  },
  {
    name: "Enhanced RTMP hvc1 CodedFramesX (composition time 0)",
    decoded: { frameType: 2, codec: "hvc1", enhanced: true, packetType: 1, compositionTime: 0, data: hex("00000002 0201") },
    bytes: hex("a3 # IsExHeader, inter, PacketType 3\n 68766331 00000002 0201"),
  },
  {
    name: "Enhanced RTMP av01 CodedFrames (no composition time)",
    decoded: { frameType: 1, codec: "av01", enhanced: true, packetType: 1, compositionTime: 0, data: hex("12000a0b") },
    bytes: hex("91 61763031 # 'av01'\n 12000a0b"),
  },
  {
    name: "Enhanced RTMP vp09 SequenceEnd",
    decoded: { frameType: 1, codec: "vp09", enhanced: true, packetType: 2, compositionTime: 0, data: hex("") },
    bytes: hex("92 76703039 # 'vp09'"),
  },
  {
    name: "Enhanced RTMP Metadata (colorInfo)",
    decoded: { frameType: 1, codec: "hvc1", enhanced: true, packetType: 4, compositionTime: 0, data: hex("02 0009 636f6c6f72496e666f 05") },
    bytes: hex("94 68766331 02 0009 636f6c6f72496e666f 05 # 'colorInfo', null"),
  },
];

export const audioCases: { name: string; decoded: AudioTag; bytes: Uint8Array }[] = [
  {
    name: "AAC AudioSpecificConfig",
    decoded: { soundFormat: 10, codec: "mp4a", soundRate: 3, soundSize: 1, soundType: 1, aacPacketType: 0, data: hex("1210") },
    bytes: hex("af # AAC, 44 kHz, 16-bit, stereo\n 00 # AACPacketType 0\n 1210 # AAC-LC, 44.1 kHz, 2 channels"),
  },
  {
    name: "AAC raw frame",
    decoded: { soundFormat: 10, codec: "mp4a", soundRate: 3, soundSize: 1, soundType: 1, aacPacketType: 1, data: hex("21 10 05") },
    bytes: hex("af 01 211005"),
  },
  {
    name: "MP3",
    decoded: { soundFormat: 2, codec: "mp3", soundRate: 3, soundSize: 1, soundType: 0, aacPacketType: -1, data: hex("fffb") },
    bytes: hex("2e fffb"),
  },
];

export const fileCases: { name: string; decoded: FlvTag[]; bytes: Uint8Array }[] = [
  {
    name: "header and two tags",
    decoded: [
      { type: 9, timestamp: 0, payload: hex("1700000000") },
      { type: 8, timestamp: 0x01000021, payload: hex("af01") },
    ],
    bytes: hex(`464c56 01 05 00000009 00000000  # 'FLV', version 1, audio+video, DataOffset 9, PreviousTagSize0
      09 000005 000000 00 000000 1700000000 00000010   # video tag, 5 bytes, ts 0, PreviousTagSize 16
      08 000002 000021 01 000000 af01 0000000d         # audio tag, ts 0x000021 + extended 0x01`),
  },
];

describe("flv video tags", () => {
  it.each(videoCases)("parses $name", ({ decoded, bytes }) => {
    expect(parseVideoTag(bytes)).toEqual(decoded);
  });
});

describe("flv audio tags", () => {
  it.each(audioCases)("parses $name", ({ decoded, bytes }) => {
    expect(parseAudioTag(bytes)).toEqual(decoded);
  });
});

describe("flv file", () => {
  it.each(fileCases)("muxes $name", ({ decoded, bytes }) => {
    expect(concat(encodeFlvHeader({ audio: true, video: true }), ...decoded.map(encodeFlvTag))).toEqual(bytes);
  });

  it.each(fileCases)("reads $name one byte at a time", ({ decoded, bytes }) => {
    const reader = new FlvReader();
    const tags: FlvTag[] = [];
    for (let i = 0; i < bytes.length; i++) tags.push(...reader.push(bytes.subarray(i, i + 1)));
    expect(tags).toEqual(decoded);
    expect(reader.has).toEqual({ audio: true, video: true });
  });

  it("reads an 8 MiB tag arriving in 4 KiB pieces without re-joining what it holds on every push", () => {
    // Found checking the fuzz targets against large declared sizes: each push copied everything held,
    // so this took over 10 s.
    const payload = new Uint8Array(8 * 1024 * 1024 - 1).fill(0x27);
    const file = concat(encodeFlvHeader({ audio: false, video: true }), encodeFlvTag({ type: 9, timestamp: 40, payload }));
    const reader = new FlvReader();
    const started = performance.now();
    const tags: FlvTag[] = [];
    for (let at = 0; at < file.length; at += 4096) tags.push(...reader.push(file.subarray(at, at + 4096)));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(tags).toHaveLength(1);
    expect(tags[0]?.payload.length).toBe(payload.length);
  });
});

describe("tag bodies", () => {
  it("fuzz: mutated tags only ever throw TributaryError", () => {
    const random = prng(0xf1f);
    const seeds = [...videoCases.map((c) => ({ bytes: c.bytes, run: parseVideoTag })), ...audioCases.map((c) => ({ bytes: c.bytes, run: parseAudioTag })), { bytes: AVC_CONFIG, run: parseAvcC }];
    for (let i = 0; i < 3000; i++) {
      const seed = seeds[i % seeds.length] as (typeof seeds)[number];
      try {
        seed.run(mutate(seed.bytes, random));
        new FlvReader(1024).push(mutate((fileCases[0] as (typeof fileCases)[number]).bytes, random));
      } catch (error) {
        if (!isTributaryError(error)) throw error;
      }
    }
  });
});
