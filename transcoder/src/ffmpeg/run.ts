/** Runs a short-lived tool (ffmpeg -version, ffprobe) to completion and collects its output. */
import { spawn } from "node:child_process";

export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Resolves with the exit status; rejects only when the program cannot be started (e.g. ENOENT). */
export function runTool(path: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    child.once("error", reject);
    child.once("close", (exitCode) => {
      resolve({ exitCode, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") });
    });
  });
}
