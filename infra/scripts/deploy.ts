/**
 * Deploys the platform: `cdk deploy --all --outputs-file`, then the edge from a wrangler config generated
 * from the outputs (`cdk.out/wrangler.<env>.json`: R2 binding or S3 origin vars, see wrangler-config.ts),
 * with the Secrets Manager values piped to `wrangler deploy --secrets-file /dev/stdin`. Needs AWS credentials, the AWS CLI (to
 * read secret values) and a Cloudflare login for wrangler.
 *
 * Usage: node infra/scripts/deploy.ts [--env dev] [--skip-cdk] [-c key=value ...]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import type { StackOutputs } from "./wrangler-config.ts";
import { edgeConfigFromOutputs, WORKER_BASE } from "./wrangler-config.ts";

const { values } = parseArgs({
  options: {
    env: { type: "string", default: "dev" },
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

const wranglerFile = join("cdk.out", `wrangler.${values.env}.json`);
const paths = { main: relative("cdk.out", join("edge", WORKER_BASE.main)), assets: relative("cdk.out", join("edge", WORKER_BASE.assetsDirectory)) };
const edge = edgeConfigFromOutputs(JSON.parse(readFileSync(outputsFile, "utf8")) as StackOutputs, values.env, paths);
writeFileSync(wranglerFile, `${JSON.stringify(edge.wrangler, null, 2)}\n`);
// One deployment carries the vars, bindings and secrets together; secret values go through stdin only.
const secrets = Object.fromEntries(edge.secrets.map((secret) => [secret.name, secretField(secret.secretArn, secret.field)]));
run("npx", ["wrangler", "deploy", "--config", wranglerFile, ...(edge.secrets.length > 0 ? ["--secrets-file", "/dev/stdin"] : [])], edge.secrets.length > 0 ? { input: JSON.stringify(secrets) } : {});
console.log(`edge deployed from ${wranglerFile}${edge.secrets.length > 0 ? ` with secrets ${edge.secrets.map((s) => s.name).join(", ")}` : ""}`);
