/**
 * `tributary`: the broadcaster API from a terminal. Reads `TRIBUTARY_API_URL` and `TRIBUTARY_API_KEY`
 * (through core/node/env-config.ts) and prints responses as JSON.
 * @example TRIBUTARY_API_KEY=tk_… tributary streams create --name "Main stage"
 */
import { cliEnv } from "#core-node/env-config.ts";
import { apiClient, CliApiError } from "./api-client.ts";
import { UsageError } from "./cli-options.ts";
import { commands } from "./commands.ts";
import type { ProgressSink } from "./progress-bar.ts";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Progress bars (uploads, transcodes); none when absent. */
  progress?: ProgressSink;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  progress: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY },
};

function usage(): string {
  return ["usage: tributary <command> [options]", "", ...Object.values(commands).map((command) => `  tributary ${command.usage}`), "", "env: TRIBUTARY_API_URL, TRIBUTARY_API_KEY"].join("\n");
}

/** Runs one command; returns the exit code (0 ok, 1 the API refused, 2 bad usage or setup). */
export async function runCli(argv: string[], env: Record<string, string | undefined> = process.env, io: CliIo = processIo): Promise<number> {
  // Commands are one word (`invoice`) or two (`streams create`).
  const twoWords = argv.slice(0, 2).join(" ");
  const [command, args] = commands[twoWords] !== undefined ? [commands[twoWords], argv.slice(2)] : [commands[argv[0] ?? ""], argv.slice(1)];
  if (command === undefined || argv.includes("--help")) {
    io.err(usage());
    return argv.includes("--help") ? 0 : 2;
  }
  const { apiUrl, apiKey, stateDir } = cliEnv(env);
  if (apiKey === undefined || apiKey === "") {
    io.err("TRIBUTARY_API_KEY is not set");
    return 2;
  }
  try {
    const progress = io.progress ?? { write: () => undefined, isTTY: false };
    const result = await command.run(apiClient(apiUrl, apiKey), args, { apiUrl, stateDir, progress });
    io.out(typeof result === "string" ? result.trimEnd() : JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\nusage: tributary ${command.usage}`);
      return 2;
    }
    if (error instanceof CliApiError) {
      io.err(`error ${error.status} ${error.code}: ${error.message}${error.details === undefined ? "" : `\n${JSON.stringify(error.details, null, 2)}`}`);
      return 1;
    }
    io.err(`cannot reach ${apiUrl}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

export async function main(argv: string[]): Promise<number> {
  return runCli(argv);
}
