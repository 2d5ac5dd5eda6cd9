/**
 * What a principal needs to run usage queries, and nothing more: start, poll, read and stop queries
 * in the one workgroup; read the usage database's definitions (the view and the tables beneath it,
 * which Athena resolves with the caller's permissions); write and read results under the workgroup's
 * prefix. Athena reads the usage objects with the caller's credentials too: those object reads
 * (usage/ and usage-compacted/) come from the layout's access table (core/src/platform/layout.ts).
 */
import { Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement, type IGrantable } from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IConstruct } from "constructs";
import { USAGE_RELATION } from "#core/billing/usage-query-engine.ts";
import { QUERY_RESULTS_PREFIX } from "./usage-query-workgroup.ts";
import { USAGE_TABLES } from "./usage-tables.ts";

export interface UsageQueryTarget {
  workGroup: string;
  database: string;
  /** The bucket of record, whose usage prefixes the tables read. */
  dataBucket: IBucket;
  results: IBucket;
}

export const USAGE_QUERY_ACTIONS = ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution", "athena:GetWorkGroup"];

export function grantUsageQueries(principal: IGrantable & IConstruct, target: UsageQueryTarget): void {
  const { region, account, partition } = Stack.of(principal);
  const allow = (actions: string[], resources: string[], conditions?: Record<string, Record<string, string | string[]>>) =>
    principal.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources, ...(conditions ? { conditions } : {}) }));

  allow(USAGE_QUERY_ACTIONS, [`arn:${partition}:athena:${region}:${account}:workgroup/${target.workGroup}`]);
  const glue = `arn:${partition}:glue:${region}:${account}`;
  const tables = [USAGE_RELATION, ...Object.values(USAGE_TABLES)].map((t) => `${glue}:table/${target.database}/${t}`);
  allow(["glue:GetDatabase", "glue:GetTable"], [`${glue}:catalog`, `${glue}:database/${target.database}`, ...tables]);
  allow(["s3:GetBucketLocation"], [target.dataBucket.bucketArn, target.results.bucketArn]);
  allow(["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], [target.results.arnForObjects(`${QUERY_RESULTS_PREFIX}*`)]);
  allow(["s3:ListBucket"], [target.results.bucketArn], { StringLike: { "s3:prefix": [`${QUERY_RESULTS_PREFIX}*`] } });
  allow(["s3:ListBucketMultipartUploads"], [target.results.bucketArn]);
}
