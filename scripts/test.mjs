// `npm test`: checks the machine, runs every suite with vitest, and ends with one
// "N passed, N failed" line that any CI can read.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensure } from "./preflight.mjs";

ensure(["ffmpeg", "chromium", "gstreamer", "srt"]);

const dir = mkdtempSync(join(tmpdir(), "tributary-test-"));
const report = join(dir, "report.json");
const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync("npx", args, { stdio: "inherit", env: { ...process.env, FORCE_COLOR: process.env.CI ? "0" : "1" } });

let summary;
try {
  const result = JSON.parse(readFileSync(report, "utf8"));
  summary = { passed: result.numPassedTests, failed: result.numFailedTests + (result.numFailedTestSuites ?? 0), skipped: result.numPendingTests + result.numTodoTests };
} catch {
  summary = undefined;
}
rmSync(dir, { recursive: true, force: true });

if (summary) console.log(`\n${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
const failed = run.status !== 0 || !summary || summary.failed > 0 || summary.passed === 0;
process.exit(failed ? 1 : 0);
