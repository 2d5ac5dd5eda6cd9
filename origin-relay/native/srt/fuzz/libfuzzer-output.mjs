// Reads what a libFuzzer run printed with -print_final_stats=1: the final stat:: lines, the last
// status line (#N DONE cov: … ft: … corp: units/bytes) and any crash it reported.

function stat(text, name) {
  const match = new RegExp(`^stat::${name}:\\s+(\\d+)`, "m").exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * @example parseLibFuzzerOutput("#9\tDONE   cov: 40 ft: 52 corp: 7/91b …\nstat::average_exec_per_sec:     9\n")
 */
export function parseLibFuzzerOutput(text) {
  const status = [...text.matchAll(/^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)\/(\d+[kKmM]?b)/gm)].at(-1);
  const artifacts = [...text.matchAll(/Test unit written to (\S+)/g)].map((match) => match[1]);
  // A harness's own check names the invariant; else the sanitizer's summary; else libFuzzer's (deadly signal, timeout, OOM).
  const failure = /^(.*invariant broken: .*)$/m.exec(text)?.[1] ?? /^SUMMARY: (\w+Sanitizer: .*)$/m.exec(text)?.[1] ?? /^==\d+== ERROR: libFuzzer: (.*)$/m.exec(text)?.[1];
  return {
    execs: stat(text, "number_of_executed_units") ?? (status ? Number(status[1]) : undefined),
    execsPerSecond: stat(text, "average_exec_per_sec"),
    coverage: status ? Number(status[2]) : undefined,
    features: status ? Number(status[3]) : undefined,
    corpusUnits: status ? Number(status[4]) : undefined,
    corpusBytes: status?.[5],
    peakRssMb: stat(text, "peak_rss_mb"),
    crashes: artifacts.length,
    artifacts,
    failure,
  };
}
