/**
 * `npm run fuzz`: every fuzz target for 1,000,000 inputs, stopping a target after 5 minutes, with a
 * table of inputs, inputs/s and failures. A failure prints the shrunk input, the seed and the path to
 * replay it. Exit code 1 when any target failed.
 * Options: `--inputs N`, `--minutes M` (per target), `--only <name>` (repeatable or comma-separated),
 * `--seed S`, `--json <file>` (the results as JSON).
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { markdownTable } from "../../bench/table.ts";
import { runFuzzTarget, type FuzzResult } from "./fuzz-runner.ts";
import { fuzzTargets } from "./targets.ts";

const { values } = parseArgs({
  options: {
    inputs: { type: "string", default: "1000000" },
    minutes: { type: "string", default: "5" },
    only: { type: "string", multiple: true },
    seed: { type: "string" },
    json: { type: "string" },
  },
});

const inputs = Number(values.inputs);
const timeLimitMs = Number(values.minutes) * 60_000;
const only = (values.only ?? []).flatMap((v) => v.split(",")).filter((v) => v !== "");
const unknown = only.filter((name) => !fuzzTargets.some((t) => t.name === name));
if (!Number.isSafeInteger(inputs) || inputs <= 0 || !(timeLimitMs > 0) || unknown.length > 0) {
  console.error(`usage: npm run fuzz -- [--inputs N] [--minutes M] [--only ${fuzzTargets.map((t) => t.name).join("|")}]`);
  if (unknown.length > 0) console.error(`unknown target: ${unknown.join(", ")}`);
  process.exit(2);
}

const selected = only.length === 0 ? fuzzTargets : fuzzTargets.filter((t) => only.includes(t.name));
const results: FuzzResult[] = [];
for (const target of selected) {
  // Collect what the previous target left (its buffers), so its garbage is not timed against this one.
  (globalThis as { gc?: () => void }).gc?.();
  const result = await runFuzzTarget(target, { inputs, timeLimitMs, ...(values.seed === undefined ? {} : { seed: Number(values.seed) }) });
  results.push(result);
  console.error(`${target.name}: ${result.inputs} inputs in ${result.seconds.toFixed(1)} s, ${result.failures} failures (seed ${result.seed})`);
  if (result.failure) {
    console.error(`  counterexample: ${result.failure.counterexample.slice(0, 2000)}`);
    console.error(`  replay: --only ${target.name} --seed ${result.seed} (path ${result.failure.path})`);
    console.error(`  ${result.failure.error}`);
  }
}

console.log(
  markdownTable(
    ["target", "parser", "inputs", "inputs/s", "seconds", "failures"],
    results.map((r) => [r.target, r.parser, r.inputs, Math.round(r.inputsPerSecond), r.seconds, r.failures]),
  ),
);
if (values.json !== undefined) await writeFile(values.json, JSON.stringify(results, null, 2));
process.exit(results.some((r) => r.failures > 0) ? 1 : 0);
