/**
 * Test support: synthesizes the whole app once per test file, offline, with cdk.json's feature flags,
 * and helpers to read what tests assert on.
 */
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { buildTributary, REPO_ROOT } from "../src/app.ts";
import type { TributaryStacks } from "../src/app.ts";
import { parseConfig } from "../src/config.ts";

export interface Synthesized {
  app: App;
  stacks: TributaryStacks;
  templates: { storage: Template; transcode: Template; relay: Template; observability: Template };
  /** Cloud assembly directory (validation-report.json lives here). */
  outdir: string;
}

/** cdk.json's context (feature flags and defaults), as the CLI would pass it. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), "tributary-cdk-"));
  const merged = { ...cdkJsonContext(), ...context };
  const app = new App({ outdir, context: merged });
  const stacks = buildTributary(app, parseConfig(merged));
  app.synth();
  return {
    app,
    stacks,
    outdir,
    templates: {
      storage: Template.fromStack(stacks.storage),
      transcode: Template.fromStack(stacks.transcode),
      relay: Template.fromStack(stacks.relay),
      observability: Template.fromStack(stacks.observability),
    },
  };
}

/** Resources of one type, by logical id. */
export function resources(template: Template, type: string): Record<string, { Properties: Record<string, unknown> } & Record<string, unknown>> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown> } & Record<string, unknown>>;
}

/** The one resource of a type (throws unless exactly one). */
export function only(template: Template, type: string): { Properties: Record<string, unknown> } & Record<string, unknown> {
  const found = Object.values(resources(template, type));
  if (found.length !== 1 || found[0] === undefined) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** Renders a `Fn::Join` with every non-literal part replaced by a placeholder word. */
export function renderJoin(value: unknown, placeholder = "PLACEHOLDER"): string {
  if (typeof value === "string") return value;
  const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
  if (join === undefined) return placeholder;
  return join[1].map((part) => (typeof part === "string" ? part : placeholder)).join(join[0]);
}

/** Statements of every IAM policy in a template attached to roles/users matching `attachedTo`. */
export function policyStatements(template: Template, attachedTo: RegExp): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  const statements: Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> = [];
  for (const policy of Object.values(resources(template, "AWS::IAM::Policy"))) {
    const targets = JSON.stringify([policy.Properties["Roles"], policy.Properties["Users"]]);
    if (!attachedTo.test(targets)) continue;
    const document = policy.Properties["PolicyDocument"] as { Statement: Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> };
    statements.push(...document.Statement);
  }
  return statements;
}

/** Resource ARNs of a statement, joined into strings (tokens become placeholders). */
export function resourceStrings(resource: unknown): string[] {
  return (Array.isArray(resource) ? resource : [resource]).map((r) => renderJoin(r, "<ref>"));
}
