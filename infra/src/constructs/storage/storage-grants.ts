/**
 * IAM statements generated from the platform layout (core/src/platform/layout.ts): what a role may do
 * to the bucket is read from the layout's access table, so a prefix the app starts writing is granted
 * (or refused) in one place. Prefixes with the same actions share one statement.
 */
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import { layout, type ObjectAccess, type StorageRole } from "#core/platform/layout.ts";

const OBJECT_ACTIONS: Record<Exclude<ObjectAccess, "list">, string> = {
  read: "s3:GetObject",
  write: "s3:PutObject",
  delete: "s3:DeleteObject",
  tag: "s3:PutObjectTagging",
};

export interface StorageGrant {
  actions: string[];
  prefixes: string[];
}

/** A role's object grants grouped by action set, and the prefixes it may list. */
export function storageGrants(role: StorageRole): { objects: StorageGrant[]; list: string[] } {
  const byActions = new Map<string, StorageGrant>();
  const list: string[] = [];
  for (const rule of Object.values(layout)) {
    const access: readonly ObjectAccess[] = (rule.access as Partial<Record<StorageRole, readonly ObjectAccess[]>>)[role] ?? [];
    if (access.includes("list")) list.push(rule.prefix);
    const actions = access.filter((a): a is Exclude<ObjectAccess, "list"> => a !== "list").map((a) => OBJECT_ACTIONS[a]);
    if (actions.length === 0) continue;
    const id = actions.join(",");
    const grant = byActions.get(id) ?? { actions, prefixes: [] };
    grant.prefixes.push(rule.prefix);
    byActions.set(id, grant);
  }
  return { objects: [...byActions.values()], list };
}

/** Every prefix the role holds an object wildcard on, for the scoped-wildcard acknowledgement. */
export function grantedPrefixes(role: StorageRole): string[] {
  return storageGrants(role).objects.flatMap((g) => g.prefixes);
}

/** Adds the role's bucket statements to `principal`. */
export function grantStorage(principal: IGrantable, bucket: IBucket, role: StorageRole): void {
  const { objects, list } = storageGrants(role);
  for (const grant of objects) {
    principal.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: grant.actions, resources: grant.prefixes.map((p) => bucket.arnForObjects(`${p}*`)) }));
  }
  if (list.length > 0) {
    principal.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ["s3:ListBucket"], resources: [bucket.bucketArn], conditions: { StringLike: { "s3:prefix": list.map((p) => `${p}*`) } } }),
    );
  }
}
