/**
 * Fuzz target: the WebVTT parser behind caption uploads, with the packaging that follows it. Inputs are
 * random text, files built from WebVTT's own tokens, and mutations of valid files. Invariants: a
 * refusal names a line inside the file; an accepted file has ordered, finite cue times; every
 * segment carries each cue that overlaps it.
 */
import * as fc from "fast-check";
import { isTributaryError } from "../errors.ts";
import { fuzzTarget, invariant } from "../testing/fuzz/fuzz-target.ts";
import { asText, mutatedBytes, stringFrom, textSeeds } from "../testing/fuzz/mutations.ts";
import { packageCaptions } from "./caption-segments.ts";
import { parseWebVtt } from "./webvtt.ts";

const TOKENS = ["WEBVTT", "\n", "\n\n", "\r\n", "00:00:01.000", "00:01.500", "99:59:59.999", " --> ", "-->", "NOTE ", "STYLE", "REGION", "align:start", "position:50%", "line:-1", "size:80%", "vertical:rl", "x:y", " ", "\t", "<b>", "cue", "1"];

export const webVttFuzz = fuzzTarget<string>({
  name: "webvtt",
  parser: "core/src/captions/webvtt.ts",
  seeds: () => textSeeds("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n", "WEBVTT - title\nKind: captions\n\nSTYLE\n::cue { color: red }\n\nid\n00:00:01.000 --> 00:00:04.000 align:start line:0\nA\nB\n\nNOTE x\n\n00:03.000 --> 00:05.500\nC\n"),
  arbitraries: (seeds) => ({
    text: fc.string({ unit: "binary", maxLength: 600 }),
    tokens: stringFrom(TOKENS, 80),
    headed: stringFrom(TOKENS, 80).map((body) => `WEBVTT\n\n${body}`),
    mutated: mutatedBytes(seeds, 10).map(asText),
  }),
  run(input) {
    let vtt;
    try {
      vtt = parseWebVtt(input);
    } catch (error) {
      if (isTributaryError(error, "request.invalid")) {
        const line = error.details?.["line"];
        invariant(typeof line === "number" && line >= 1 && line <= input.split(/\r\n|\r|\n/).length, () => `refusal names line ${String(line)}`);
      }
      throw error;
    }
    for (const cue of vtt.cues) invariant(Number.isFinite(cue.start) && cue.end > cue.start, () => `cue ${cue.start} → ${cue.end}`);
    const durations = [2, 2, 2, 1.5];
    const pack = packageCaptions(vtt, durations, 0);
    invariant(pack.segments.length === durations.length, "one caption segment per media segment");
    let from = 0;
    pack.segments.forEach((segment, i) => {
      const to = from + (durations[i] ?? 0);
      for (const cue of vtt.cues.filter((c) => c.start < to && c.end > from)) invariant(segment.includes(cue.text), () => `segment ${i} misses an overlapping cue`);
      from = to;
    });
  },
});
