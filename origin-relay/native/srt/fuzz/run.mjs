#!/usr/bin/env node
// Fuzzes the native SRT code (stream-id.cc, access-table.cc) with libFuzzer under ASan and UBSan.
//   node fuzz/run.mjs                 builds every target and fuzzes each for 300 s, then prints a table
//   node fuzz/run.mjs --seconds 60    fuzzes each target for 60 s
//   node fuzz/run.mjs --replay        runs each target once over its seed corpus (crash regressions included)
//   node fuzz/run.mjs stream-id       only the named targets
// Exits 1 when a target fails to build or finds a crash (saved under fuzz/out/crashes/<target>/).
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseLibFuzzerOutput } from "./libfuzzer-output.mjs";
import { targets } from "./targets.mjs";
import { ensureToolchain } from "./toolchain.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const nativeRoot = join(here, "..");
const out = join(here, "out");
const FLAGS = ["-std=c++17", "-g", "-O1", "-Wall", "-Wextra", "-fsanitize=fuzzer,address,undefined", "-fno-sanitize-recover=all"];

const { values, positionals } = parseArgs({ options: { seconds: { type: "string", default: "300" }, replay: { type: "boolean", default: false } }, allowPositionals: true });
const seconds = Number(values.seconds);
if (!Number.isInteger(seconds) || seconds <= 0) throw new TypeError(`--seconds wants a positive whole number, not ${values.seconds}`);
const unknown = positionals.filter((name) => !targets.some((target) => target.name === name));
if (unknown.length > 0) throw new TypeError(`unknown fuzz target ${unknown.join(", ")}; known: ${targets.map((target) => target.name).join(", ")}`);
const chosen = positionals.length === 0 ? targets : targets.filter((target) => positionals.includes(target.name));

function build(target) {
  const binary = join(out, "bin", `${target.name}-fuzz`);
  mkdirSync(dirname(binary), { recursive: true });
  const args = [...FLAGS, "-Isrc", join("fuzz", target.harness), ...target.sources, ...target.libraries, "-o", binary];
  const result = spawnSync("clang++", args, { cwd: nativeRoot, stdio: "inherit" });
  return result.status === 0 ? binary : undefined;
}

/** Runs libFuzzer with its output in out/<target>.log, and reads that log back. */
function libFuzzer(target, binary, args) {
  const log = join(out, `${target.name}.log`);
  const fd = openSync(log, "w");
  const result = spawnSync(binary, args, { cwd: here, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  return { status: result.status, log, ...parseLibFuzzerOutput(readFileSync(log, "utf8")) };
}

function seedsOf(target) {
  return join(here, "corpus", target.name);
}

function fuzz(target, binary) {
  const grown = join(out, "corpus", target.name);
  const crashes = join(out, "crashes", target.name);
  mkdirSync(grown, { recursive: true });
  mkdirSync(crashes, { recursive: true });
  const dictionary = target.dictionary ? [`-dict=${join(here, target.dictionary)}`] : [];
  // New units go to the first directory (out/, not committed); the seeds are read only.
  const args = [grown, seedsOf(target), `-max_total_time=${seconds}`, `-max_len=${target.maxLength}`, "-timeout=10", "-print_final_stats=1", `-artifact_prefix=${crashes}/`, ...dictionary];
  return libFuzzer(target, binary, args);
}

/** Runs every seed once, as files, so a crash names the seed that caused it. */
function replay(target, binary) {
  const seeds = readdirSync(seedsOf(target)).map((name) => join(seedsOf(target), name));
  // With no file arguments libFuzzer would fuzz forever instead.
  if (seeds.length === 0) throw new TypeError(`${target.name} has no seeds in ${seedsOf(target)}`);
  const crashes = join(out, "crashes", target.name);
  mkdirSync(crashes, { recursive: true });
  const result = libFuzzer(target, binary, [`-artifact_prefix=${crashes}/`, ...seeds]);
  return { ...result, execs: seeds.length, crashes: result.status === 0 ? 0 : 1 };
}

function cell(value) {
  return value === undefined ? "-" : String(value);
}

function printTable(rows) {
  const header = ["target", "seconds", "execs", "exec/s", "cov", "ft", "corpus", "crashes"];
  const lines = rows.map(({ target, result }) => [
    target.name,
    values.replay ? "replay" : String(seconds),
    cell(result.execs),
    cell(result.execsPerSecond),
    cell(result.coverage),
    cell(result.features),
    result.corpusUnits === undefined ? "-" : `${result.corpusUnits} (${result.corpusBytes})`,
    cell(result.crashes),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (line) => `| ${line.map((text, column) => text.padEnd(widths[column])).join(" | ")} |`;
  console.log([format(header), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...lines.map(format)].join("\n"));
}

ensureToolchain();
const rows = [];
let failed = false;
for (const target of chosen) {
  const binary = build(target);
  if (binary === undefined) {
    console.error(`${target.name}: build failed`);
    failed = true;
    continue;
  }
  console.error(values.replay ? `${target.name}: replaying its seed corpus…` : `${target.name}: fuzzing for ${seconds} s…`);
  const result = values.replay ? replay(target, binary) : fuzz(target, binary);
  const crashed = result.crashes > 0 || result.status !== 0;
  if (crashed) {
    failed = true;
    console.error(`${target.name}: ${result.failure ?? `exit ${result.status}`}; ${result.artifacts.join(", ") || "see"} ${result.log}`);
  }
  rows.push({ target, result });
}
printTable(rows);
process.exit(failed ? 1 : 0);
