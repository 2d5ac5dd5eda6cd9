// Silence for a session without audio: the AudioSpecificConfig it announces, its timing against the
// session's video, and what ffmpeg decodes from it (digital silence, no decode errors).
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { bytesUnit } from "../demux/source-unit.ts";
import type { FlvUnit } from "../demux/flv-unit.ts";
import { encodeFlvHeader } from "../flv/muxer.ts";
import { parseAudioSpecificConfig } from "#transcoder/codecs/aac.ts";
import { concat } from "#core/bytes/concat.ts";
import { lcAudioSpecificConfig, SilentAudio } from "./silent-audio.ts";

const video = (dtsMs: number) => ({ media: { kind: "video" as const, dtsMs, ctsMs: 0, sync: dtsMs === 0, data: new Uint8Array(4) }, bytes: new Uint8Array(0), size: 4 });

describe("SilentAudio", () => {
  it("announces AAC-LC in the broadcast's format, or 48 kHz stereo", () => {
    expect(parseAudioSpecificConfig(lcAudioSpecificConfig(44_100, 1))).toMatchObject({ audioObjectType: 2, samplingFrequency: 44_100, channelConfiguration: 1 });
    const kept = SilentAudio.fitting(lcAudioSpecificConfig(44_100, 1));
    expect([kept.sampleRate, kept.channels]).toEqual([44_100, 1]);
    expect(kept.config.audio?.data).toEqual(lcAudioSpecificConfig(44_100, 1));
    // HE-AAC (object type 5) and 6 channels are not made: the default format stands in.
    for (const other of [Uint8Array.of(0x2b, 0x92), lcAudioSpecificConfigOf(48_000, 6), undefined, Uint8Array.of(0xff)]) {
      const fallback = SilentAudio.fitting(other);
      expect([fallback.sampleRate, fallback.channels]).toEqual([48_000, 2]);
    }
    expect(() => lcAudioSpecificConfig(12_345, 2)).toThrow(TypeError);
  });

  it("keeps pace with the session's video, without drift", () => {
    const silence = SilentAudio.fitting(lcAudioSpecificConfig(48_000, 2));
    const first = silence.around(video(1_000));
    expect(first.map((u) => (u as FlvUnit).tag?.timestamp)).toEqual([1_000, undefined]);
    const units = Array.from({ length: 300 }, (_, i) => silence.around(video(1_000 + 33 * (i + 1)))).flat();
    const audio = units.filter((u) => u.media?.kind === "audio") as FlvUnit[];
    // 9.9 s of video after the first frame: every 1024-sample frame that starts by then, after the first.
    expect(audio.length).toBe(Math.floor((9_900 * 48) / 1024));
    expect(audio.at(-1)?.tag.timestamp).toBe(1_000 + Math.round((audio.length * 1024 * 1000) / 48_000));
    expect(audio.every((u, i) => i === 0 || u.tag.timestamp > (audio[i - 1] as FlvUnit).tag.timestamp)).toBe(true);
    // Units that are not video pass through alone.
    const other = bytesUnit(new Uint8Array(1));
    expect(silence.around(other)).toEqual([other]);
  });

  it("decodes in ffmpeg to digital silence", async () => {
    for (const channels of [1, 2]) {
      const silence = SilentAudio.fitting(lcAudioSpecificConfig(48_000, channels));
      const tags = Array.from({ length: 60 }, (_, i) => silence.around(video(i * 40)).filter((u) => u.media?.kind === "audio").map((u) => u.bytes)).flat();
      const flv = concat([encodeFlvHeader({ audio: true, video: false }), silence.config.bytes, ...tags]);
      const { nonZero, stderr } = await decode(flv);
      expect(stderr).toBe("");
      expect(nonZero).toBe(0);
    }
  });
});

function lcAudioSpecificConfigOf(sampleRate: number, channels: number): Uint8Array {
  // Built by hand: the helper refuses channel counts silence is not made for.
  const index = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000].indexOf(sampleRate);
  return Uint8Array.of((2 << 3) | (index >> 1), ((index & 1) << 7) | (channels << 3));
}

/** Decodes `flv` to 16-bit PCM: how many sample bytes are not zero, and ffmpeg's errors. */
async function decode(flv: Uint8Array): Promise<{ nonZero: number; stderr: string }> {
  const child = spawn("ffmpeg", ["-v", "error", "-f", "flv", "-i", "pipe:0", "-f", "s16le", "pipe:1"], { stdio: ["pipe", "pipe", "pipe"] });
  const pcm: Buffer[] = [];
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => pcm.push(chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.end(flv);
  await new Promise((resolve) => child.on("close", resolve));
  const samples = Buffer.concat(pcm);
  expect(samples.byteLength).toBeGreaterThan(40 * 1024 * 2);
  return { nonZero: samples.filter((b) => b !== 0).length, stderr };
}
