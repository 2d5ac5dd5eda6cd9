/**
 * cdk-nag (v3: a policy-validation plugin; findings are acknowledged with CDK's `Validations`). The
 * package is CommonJS (jsii) with exports Node's ESM loader cannot detect, so it is imported whole here.
 */
import type { IAspect } from "aws-cdk-lib";
import { Aspects, CfnResource, Validations } from "aws-cdk-lib";
import cdkNag from "cdk-nag";
import type { IConstruct } from "constructs";

export const { AwsSolutionsChecks } = cdkNag;

export interface Acknowledgement {
  /** Rule id, e.g. `AwsSolutions-S1`, or one finding, fully qualified, e.g. `AwsSolutions::AwsSolutions-IAM4[Policy::...]`. */
  id: string;
  /** Why the finding is acceptable here; required, and shown in the validation report. */
  reason: string;
}

/** Acknowledges findings on `scope` and everything under it. */
export function acknowledge(scope: IConstruct | IConstruct[], ...acks: Acknowledgement[]): void {
  for (const construct of Array.isArray(scope) ? scope : [scope]) {
    for (const ack of acks) Validations.of(construct).acknowledge(ack);
  }
}

/** Objects under one key prefix (`.../media/*`) or a resource type that only takes `*`. */
export interface ScopedWildcards {
  /** Findings (the part after `AwsSolutions-IAM5[`) that are acceptable, e.g. /\/media\/\*$/. */
  allowed: RegExp[];
  reason: string;
}

/** Fully qualified (`<plugin>::<rule>`): findings contain `::` themselves, e.g. `Resource::arn:...`. */
const IAM5 = "AwsSolutions::AwsSolutions-IAM5";

/**
 * Acknowledges IAM5 wildcard findings under `scope` that match `allowed`, one finding at a time, so a
 * new, broader wildcard still fails the check. Runs as an aspect because findings name resolved
 * logical ids, known only once the tree is complete.
 */
export function acknowledgeScopedWildcards(scope: IConstruct, options: ScopedWildcards): void {
  const aspect: IAspect = {
    visit(node: IConstruct): void {
      if (!CfnResource.isCfnResource(node)) return;
      const result: unknown = cdkNag.rules.iam.IAMNoWildcardPermissions(node);
      if (!Array.isArray(result)) return;
      for (const finding of result as string[]) {
        if (options.allowed.some((pattern) => pattern.test(finding))) Validations.of(node).acknowledge({ id: `${IAM5}[${finding}]`, reason: options.reason });
      }
    },
  };
  Aspects.of(scope).add(aspect);
}

/** A pattern accepting object wildcards under exactly these key prefixes (`tenants/`, `usage/relay/`). */
export function underPrefixes(...prefixes: string[]): RegExp {
  const escaped = prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  return new RegExp(`^Resource::.*/(${escaped.join("|")})\\*$`);
}
