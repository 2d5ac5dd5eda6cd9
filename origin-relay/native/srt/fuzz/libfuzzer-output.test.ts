import { describe, expect, it } from "vitest";

// libfuzzer-output.mjs is plain JavaScript (run.mjs must run without a TypeScript step): imported by
// URL and given its one signature here.
interface LibFuzzerResult {
  execs?: number;
  execsPerSecond?: number;
  coverage?: number;
  features?: number;
  corpusUnits?: number;
  corpusBytes?: string;
  peakRssMb?: number;
  crashes: number;
  artifacts: string[];
  failure?: string;
}
const { parseLibFuzzerOutput } = (await import(new URL("./libfuzzer-output.mjs", import.meta.url).href)) as { parseLibFuzzerOutput(text: string): LibFuzzerResult };

// Excerpts of real libFuzzer 14 logs (clang 14, -print_final_stats=1): a 300 s stream-id run and an
// out-of-bounds read planted in a probe target. The invariant case is the harnesses' own message
// followed by the abort libFuzzer reports for it.
const finished = [
  "#37\tINITED cov: 224 ft: 397 corp: 30/2064b exec/s: 0 rss: 32Mb",
  "#9843537\tREDUCE cov: 234 ft: 689 corp: 167/11801b lim: 1024 exec/s: 33826 rss: 514Mb L: 103/513 MS: 3 CopyPart-ChangeBinInt-EraseBytes-",
  "#10232146\tDONE   cov: 234 ft: 689 corp: 167/11731b lim: 1024 exec/s: 33993 rss: 514Mb",
  "Done 10232146 runs in 301 second(s)",
  "stat::number_of_executed_units: 10232146",
  "stat::average_exec_per_sec:     33993",
  "stat::new_units_added:          2984",
  "stat::slowest_unit_time_sec:    0",
  "stat::peak_rss_mb:              514",
].join("\n");

const asanCrash = [
  "#19418\tREDUCE cov: 12 ft: 13 corp: 4/10b lim: 184 exec/s: 0 rss: 33Mb L: 3/3 MS: 1 EraseBytes-",
  "==4104==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020000f0e38 at pc 0x55b1e975e2f6 bp 0x7fffbc6ed0f0 sp 0x7fffbc6ed0e8",
  "SUMMARY: AddressSanitizer: heap-buffer-overflow /tmp/crashprobe.cc:6:67 in LLVMFuzzerTestOneInput",
  "artifact_prefix='/tmp/cp/'; Test unit written to /tmp/cp/crash-ceb2b68941d0f4fa074fafb6e391cebadd42d5ff",
  "Base64: YnVndQ==",
  "stat::number_of_executed_units: 19635",
  "stat::average_exec_per_sec:     0",
  "stat::peak_rss_mb:              34",
].join("\n");

const invariantCrash = [
  "stream-id invariant broken: the canonical form parses the same",
  "==77== ERROR: libFuzzer: deadly signal",
  "artifact_prefix='out/crashes/stream-id/'; Test unit written to out/crashes/stream-id/crash-0a1b",
].join("\n");

describe("parseLibFuzzerOutput", () => {
  it("reads execs, exec/s, coverage and corpus from a finished run", () => {
    expect(parseLibFuzzerOutput(finished)).toEqual({
      execs: 10232146,
      execsPerSecond: 33993,
      coverage: 234,
      features: 689,
      corpusUnits: 167,
      corpusBytes: "11731b",
      peakRssMb: 514,
      crashes: 0,
      artifacts: [],
      failure: undefined,
    });
  });

  it("reports a sanitizer crash by its summary and artifact", () => {
    const result = parseLibFuzzerOutput(asanCrash);
    expect(result).toMatchObject({ execs: 19635, coverage: 12, corpusUnits: 4, crashes: 1, artifacts: ["/tmp/cp/crash-ceb2b68941d0f4fa074fafb6e391cebadd42d5ff"] });
    expect(result.failure).toBe("AddressSanitizer: heap-buffer-overflow /tmp/crashprobe.cc:6:67 in LLVMFuzzerTestOneInput");
  });

  it("names a broken harness invariant rather than the abort it causes", () => {
    expect(parseLibFuzzerOutput(invariantCrash)).toMatchObject({ crashes: 1, failure: "stream-id invariant broken: the canonical form parses the same", execs: undefined });
  });
});
