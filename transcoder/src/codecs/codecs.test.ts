// Codec strings (RFC 6381 §3.3, ISO/IEC 14496-15 Annex E) from decoder configuration records.
import { describe, expect, it } from "vitest";
import { parseAvcC } from "../boxes/avcC.ts";
import { parseEsds } from "../boxes/esds.ts";
import { parseHvcC } from "../boxes/hvcC.ts";
import { avcCodecString } from "./avc.ts";
import { hevcCodecString } from "./hevc.ts";
import { mp4aCodecString, parseAudioSpecificConfig } from "./aac.ts";

const hex = (s: string) => Uint8Array.from(s.replace(/\s+|#[^\n]*/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));

describe("codec strings", () => {
  const cases = [
    {
      name: "avcC High@3.1",
      codec: "avc1.64001f",
      make: () => avcCodecString("avc1", parseAvcC(hex(`01 # configurationVersion
        64 # AVCProfileIndication 100 (High)
        00 # profile_compatibility
        1f # AVCLevelIndication 31
        ff # reserved | lengthSizeMinusOne 3
        e1 # reserved | numOfSequenceParameterSets 1
        0004 6764001f # SPS length 4, SPS head
        01 0002 68ee # 1 PPS of length 2`))),
    },
    {
      name: "avcC from ffmpeg (Constrained Baseline@1.3)",
      codec: "avc1.42c00d",
      make: () => avcCodecString("avc1", parseAvcC(hex(`01 42 c0 0d ff # version, profile 66, constraint_set0/1, level 13, 4-byte lengths
        e1 0004 6742c00d 01 0002 68ce # one SPS, one PPS`))),
    },
    {
      name: "hvcC Main@L3.1",
      codec: "hvc1.1.6.L93.B0",
      make: () => hevcCodecString("hvc1", parseHvcC(hex(`01 # configurationVersion
        01 # general_profile_space 0, tier 0, general_profile_idc 1 (Main)
        60000000 # general_profile_compatibility_flags: bits 1 and 2
        b00000000000 # general_constraint_indicator_flags
        5d # general_level_idc 93
        f000 fc fd f8 f8 0000 0f # min_spatial..avgFrameRate; lengthSizeMinusOne 3
        00 # numOfArrays`))),
    },
    {
      name: "esds AAC-LC",
      codec: "mp4a.40.2",
      make: () => mp4aCodecString("mp4a", parseEsds(hex(`00000000 # version, flags
        03 19 0001 00 # ES_Descriptor, size 25, ES_ID 1, flags 0
        04 11 40 15 000000 0000fa00 0000fa00 # DecoderConfig: objectTypeIndication 0x40, audio stream
        05 02 1190 # DecoderSpecificInfo: AudioSpecificConfig AOT 2, 48 kHz, 2 ch
        06 01 02 # SLConfigDescriptor`))),
    },
  ];
  for (const c of cases) it(c.name, () => expect(c.make()).toBe(c.codec));

  it("parses AudioSpecificConfig fields", () => {
    expect(parseAudioSpecificConfig(hex("1190"))).toEqual({ audioObjectType: 2, samplingFrequencyIndex: 3, samplingFrequency: 48000, channelConfiguration: 2 });
    // AOT 5 (SBR) packed as 00101; 44.1 kHz index 4.
    expect(parseAudioSpecificConfig(hex("2a10")).audioObjectType).toBe(5);
    expect(parseAudioSpecificConfig(hex("1210"))).toEqual({ audioObjectType: 2, samplingFrequencyIndex: 4, samplingFrequency: 44100, channelConfiguration: 2 });
    expect(parseAudioSpecificConfig(hex("2988"))).toMatchObject({ audioObjectType: 5, samplingFrequency: 48000, channelConfiguration: 1 });
    // samplingFrequencyIndex 13 is reserved: no rate to build a timescale from.
    expect(() => parseAudioSpecificConfig(hex("1690"))).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });
});
