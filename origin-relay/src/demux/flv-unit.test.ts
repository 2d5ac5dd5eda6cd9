// FLV tags demuxed once: AVC and AAC map one to one to remuxer input; other codecs and unreadable tags carry none.
import { describe, expect, it } from "vitest";
import { encodeFlvHeader, encodeFlvTag } from "../flv/muxer.ts";
import { FlvTagType, type FlvTag } from "../flv/tag.ts";
import type { RemuxInput } from "#transcoder/remux/remux-input.ts";
import { FlvDemuxer } from "./flv-demuxer.ts";
import { FlvUnit } from "./flv-unit.ts";

const remuxInput = (tag: FlvTag): RemuxInput | undefined => new FlvUnit(tag).media;

const hex = (s: string) => Uint8Array.from(s.replace(/\s+|#[^\n]*/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));
const video = (timestamp: number, body: string): FlvTag => ({ type: FlvTagType.video, timestamp, payload: hex(body) });
const audio = (timestamp: number, body: string): FlvTag => ({ type: FlvTagType.audio, timestamp, payload: hex(body) });

/** x264's baseline 320x240 SPS (24 bytes) and PPS (5 bytes) in an AVCDecoderConfigurationRecord. */
const RECORD = "0142c00dffe100186742c00dd90141fb0110000003001000000303c0f142a48001000568cb83cb20";

describe("FLV tags as remuxer input", () => {
  const cases: { name: string; tag: FlvTag; input: RemuxInput | undefined }[] = [
    {
      name: "AVC keyframe with composition time",
      tag: video(40, `17 01 000021 # keyframe | AVC, NALU, CompositionTime 33
        00000002 6588 # one 2-byte NAL unit`),
      input: { kind: "video", dtsMs: 40, ctsMs: 33, sync: true, data: hex("00000002 6588") },
    },
    { name: "AVC inter frame", tag: video(73, "27 01 000000 00000002 4188"), input: { kind: "video", dtsMs: 73, ctsMs: 0, sync: false, data: hex("00000002 4188") } },
    { name: "AVC end of sequence", tag: video(80, "17 02 000000"), input: undefined },
    { name: "AAC AudioSpecificConfig", tag: audio(0, "af 00 1190 # AAC 44 kHz 16-bit stereo, sequence header"), input: { kind: "audio-config", audioSpecificConfig: hex("1190") } },
    { name: "AAC raw frame", tag: audio(21, "af 01 2110"), input: { kind: "audio", dtsMs: 21, data: hex("2110") } },
    { name: "script data", tag: { type: FlvTagType.script, timestamp: 0, payload: hex("02000a") }, input: undefined },
  ];
  for (const c of cases) it(c.name, () => expect(remuxInput(c.tag)).toEqual(c.input));

  it("reads the sequence header's picture size from its SPS", () => {
    expect(remuxInput(video(0, `17 00 000000 ${RECORD}`))).toMatchObject({ kind: "video-config", width: 320, height: 240 });
  });

  it("skips what it cannot copy or read, and reads tags split across pushes", () => {
    const input = new FlvDemuxer();
    const stream = [encodeFlvHeader({ audio: true, video: true }), ...[video(0, "22 0011"), audio(0, "2f ffee"), video(0, "17 07"), video(40, "27 01 000000 00000002 4188")].map(encodeFlvTag)];
    const bytes = Uint8Array.from(stream.flatMap((b) => [...b]));
    const out = [...input.push(bytes.subarray(0, 20)), ...input.push(bytes.subarray(20))];
    expect(out).toEqual([{ kind: "video", dtsMs: 40, ctsMs: 0, sync: false, data: hex("00000002 4188") }]);
    expect(input.skipped).toBe(3); // VP6 (codec 2), MP3 (SoundFormat 2), AVCPacketType 7
  });
});
