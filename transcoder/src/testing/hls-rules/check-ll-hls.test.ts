// One valid LL-HLS playlist (the writer's golden file) and one edit per rule, each breaking exactly that rule.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLlHls, violatedRules } from "./check-ll-hls.ts";
import type { LlHlsRule } from "./check-ll-hls.ts";

const valid = readFileSync(new URL("../../playlist/fixtures/ll-live/expected.m3u8", import.meta.url), "utf8");
const edit = (from: string | RegExp, to: string) => {
  const out = valid.replace(from, to);
  if (out === valid) throw new TypeError(`edit did not apply: ${from}`);
  return out;
};

const table: { name: string; text: string; rules: LlHlsRule[] }[] = [
  { name: "missing #EXTM3U", text: valid.replace("#EXTM3U\n", ""), rules: ["extm3u-first"] },
  { name: "version 5", text: edit("#EXT-X-VERSION:6", "#EXT-X-VERSION:5"), rules: ["version-ge-6"] },
  { name: "skip at version 6", text: edit("#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-SKIP:SKIPPED-SEGMENTS=0"), rules: ["skip-version"] },
  { name: "no PART-INF", text: edit("#EXT-X-PART-INF:PART-TARGET=0.22200\n", ""), rules: ["part-inf-present"] },
  { name: "no blocking reload", text: edit("CAN-BLOCK-RELOAD=YES,", ""), rules: ["can-block-reload"] },
  { name: "PART-HOLD-BACK 2 ×", text: edit("PART-HOLD-BACK=0.66600", "PART-HOLD-BACK=0.44400"), rules: ["part-hold-back-3x"] },
  { name: "HOLD-BACK 2 ×", text: edit("HOLD-BACK=6.00000", "HOLD-BACK=4.00000"), rules: ["hold-back-3x"] },
  { name: "CAN-SKIP-UNTIL 3 ×", text: edit("CAN-SKIP-UNTIL=12.00000", "CAN-SKIP-UNTIL=6.00000"), rules: ["can-skip-until-6x"] },
  { name: "EXTINF above target", text: edit("#EXTINF:2.00000,\n0.m4s", "#EXTINF:2.60000,\n0.m4s"), rules: ["extinf-le-target"] },
  { name: "part above PART-TARGET", text: edit('DURATION=0.20000,URI="8.1.m4s"', 'DURATION=0.30000,URI="8.1.m4s"'), rules: ["part-le-target"] },
  { name: "short middle part", text: edit('DURATION=0.20000,URI="7.4.m4s"', 'DURATION=0.10000,URI="7.4.m4s"'), rules: ["part-duration-85pct", "parts-sum-extinf"] },
  { name: "parts kept too long", text: edit("#EXTINF:2.00000,\n1.m4s", '#EXT-X-PART:DURATION=2.00000,URI="1.0.m4s",INDEPENDENT=YES\n#EXTINF:2.00000,\n1.m4s'), rules: ["part-le-target", "parts-pruned"] },
  { name: "no preload hint", text: edit(/#EXT-X-PRELOAD-HINT.*\n/, ""), rules: ["preload-hint-present"] },
  { name: "hint at a listed part", text: edit('PRELOAD-HINT:TYPE=PART,URI="8.3.m4s"', 'PRELOAD-HINT:TYPE=PART,URI="8.2.m4s"'), rules: ["preload-hint-unlisted"] },
  { name: "report without LAST-PART", text: edit(",LAST-PART=2", ""), rules: ["rendition-reports"] },
  { name: "no PROGRAM-DATE-TIME", text: edit("#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n", ""), rules: ["program-date-time"] },
];

describe("LL-HLS rules checker", () => {
  it("accepts the valid playlist", () => expect(checkLlHls(valid, { renditionReports: 1 })).toEqual([]));
  for (const row of table) it(`flags ${row.name}`, () => expect(violatedRules(row.text, { renditionReports: 1 })).toEqual(row.rules));
  it("counts rendition reports", () => expect(violatedRules(valid, { renditionReports: 2 })).toEqual(["rendition-reports"]));
  it("allows a short last part and a short independent part", () => {
    const text = edit('DURATION=0.20000,URI="7.9.m4s"', 'DURATION=0.05000,URI="7.9.m4s"').replace('DURATION=0.20000,URI="7.0.m4s",INDEPENDENT=YES', 'DURATION=0.35000,URI="7.0.m4s",INDEPENDENT=YES');
    expect(violatedRules(text, { renditionReports: 1 })).toEqual(["part-le-target"]);
  });
});
