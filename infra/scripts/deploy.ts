/**
 * Deploys the platform: `cdk deploy --all --outputs-file`, then the edge with the outputs as wrangler
 * vars and the Secrets Manager values as wrangler secrets. Needs AWS credentials, the AWS CLI (to read
 * secret values) and a Cloudflare login for wrangler.
 *
 * Usage: node infra/scripts/deploy.ts [--env dev] [--wrangler-config edge/wrangler.toml] [--skip-cdk] [-c key=value ...]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { StackOutputs } from "./wrangler-config.ts";
import { edgeConfigFromOutputs, wranglerVarArgs } from "./wrangler-config.ts";

const { values } = parseArgs({
  options: {
    env: { type: "string", default: "dev" },
    "wrangler-config": { type: "string", default: "edge/wrangler.toml" },
    "skip-cdk": { type: "boolean", default: false },
    context: { type: "string", short: "c", multiple: true, default: [] },
  },
});
const outputsFile = join("cdk.out", "outputs.json");

/** Runs a command; with `capture`, returns its stdout (and feeds `input` on stdin), else streams it. */
function run(command: string, args: string[], options: { capture?: boolean; input?: string } = {}): string {
  const capture = options.capture === true || options.input !== undefined;
  const result = spawnSync(command, args, { stdio: [options.input === undefined ? "inherit" : "pipe", capture ? "pipe" : "inherit", "inherit"], input: options.input, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 2).join(" ")} failed with status ${String(result.status)}`);
  return result.stdout ?? "";
}

function secretField(secretArn: string, field: string): string {
  const text = run("aws", ["secretsmanager", "get-secret-value", "--secret-id", secretArn, "--query", "SecretString", "--output", "text"], { capture: true });
  const value = (JSON.parse(text) as Record<string, unknown>)[field];
  if (typeof value !== "string") throw new Error(`secret ${secretArn} has no field ${field}`);
  return value;
}

if (!values["skip-cdk"]) {
  mkdirSync("cdk.out", { recursive: true });
  const context = [`env=${values.env}`, ...values.context].flatMap((c) => ["-c", c]);
  run("npx", ["cdk", "deploy", "--all", "--require-approval", "never", "--outputs-file", outputsFile, ...context]);
}

const edge = edgeConfigFromOutputs(JSON.parse(readFileSync(outputsFile, "utf8")) as StackOutputs, values.env);
const config = ["--config", values["wrangler-config"]];
for (const secret of edge.secrets) {
  run("npx", ["wrangler", "secret", "put", secret.name, ...config], { input: secretField(secret.secretArn, secret.field) });
  console.log(`wrangler secret ${secret.name} set`);
}
run("npx", ["wrangler", "deploy", ...config, ...wranglerVarArgs(edge.vars)]);
