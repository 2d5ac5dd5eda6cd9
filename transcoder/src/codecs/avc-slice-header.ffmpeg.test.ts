// Real-tool check of the slice header parser: ffmpeg's trace_headers bitstream filter prints every
// slice header field with its bit position; our parser must end each header on the same bit.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { AvcParameterSets, avcSliceHeaderExtent } from "./avc-slice-header.ts";

const run = promisify(execFile);

/** The NAL units of an Annex B stream (start codes removed). */
function annexB(stream: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  return starts.map((start, k) => {
    let end = k + 1 < starts.length ? (starts[k + 1] as number) - 3 : stream.length;
    while (end > start && stream[end - 1] === 0) end--;
    return stream.subarray(start, end);
  });
}

/** Per slice, the bit where trace_headers says the header ends (before any cabac_alignment_one_bit). */
function tracedHeaderEnds(trace: string): number[] {
  const ends: number[] = [];
  let section = "";
  let current: { end: number; aligned: boolean } | undefined;
  const flush = () => {
    if (current !== undefined) ends.push(current.end);
    current = undefined;
  };
  for (const line of trace.split("\n")) {
    const m = /\] (\d+)\s+(\w+)\s+([01]+) = /.exec(line);
    if (m === null) {
      const title = /\] ([A-Z][A-Za-z ]+)$/.exec(line.trim());
      if (title !== null && !title[1]?.startsWith("Packet")) section = title[1] ?? "";
      continue;
    }
    const [, pos, name, bits] = m as unknown as [string, string, string, string];
    if (name === "forbidden_zero_bit") {
      flush();
      if (section === "Slice Header") current = { end: 0, aligned: false };
      continue;
    }
    if (current === undefined || current.aligned) continue;
    if (name === "cabac_alignment_one_bit") current.aligned = true;
    else current.end = Number(pos) + bits.length;
  }
  flush();
  return ends;
}

const CASES: { name: string; args: string[] }[] = [
  { name: "High profile, CABAC, B-frames, weighted P, 3 refs", args: ["-profile:v", "high", "-preset", "medium", "-bf", "3", "-weightp", "2", "-refs", "3"] },
  { name: "Baseline, CAVLC, several slices per picture", args: ["-profile:v", "baseline", "-preset", "fast", "-slices", "4"] },
  { name: "Main, interlaced (field coding)", args: ["-profile:v", "main", "-preset", "fast", "-flags", "+ilme+ildct", "-x264-params", "tff=1"] },
];

describe("H.264 slice header extent against ffmpeg trace_headers", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const encode = ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15", "-t", "2", "-c:v", "libx264", ...c.args, "-f", "h264", "pipe:1"];
      const { stdout } = await run("ffmpeg", encode, { encoding: "buffer", maxBuffer: 64 << 20 });
      const stream = new Uint8Array(stdout);
      const traced = await new Promise<string>((resolve, reject) => {
        const child = execFile("ffmpeg", ["-hide_banner", "-f", "h264", "-i", "pipe:0", "-c", "copy", "-bsf:v", "trace_headers", "-f", "null", "-"], { maxBuffer: 64 << 20 }, (error, _out, stderr) => (error ? reject(error) : resolve(stderr)));
        child.stdin?.end(stream);
      });
      const sets = new AvcParameterSets();
      const ours: number[] = [];
      for (const nal of annexB(stream)) {
        const type = (nal[0] ?? 0) & 0x1f;
        if (type === 7 || type === 8) sets.add(nal);
        else if (type === 1 || type === 5) {
          const extent = avcSliceHeaderExtent(nal, sets);
          expect(extent.storedBytes).toBeGreaterThanOrEqual(Math.ceil(extent.bits / 8));
          ours.push(extent.bits);
        }
      }
      const expected = tracedHeaderEnds(traced);
      expect(ours.length).toBeGreaterThan(20);
      expect(ours).toEqual(expected);
    }, 30_000);
  }
});
