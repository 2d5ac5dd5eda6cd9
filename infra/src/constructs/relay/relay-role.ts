/**
 * The relay instances' IAM role, limited to what a relay does: write media/ and live/, register each
 * broadcast's media record (media-records/), run the webhook dispatcher (webhooks/), read stream
 * records, write its usage under usage/relay/, read and update assets/ (VOD jobs), create the keyring
 * and its public JWKS under system/ and register the admin key (tenants/, api-keys/) at start, read its secrets,
 * publish metrics to its own namespace, submit, read and cancel MediaConvert jobs, compact usage hours (usage/ to
 * usage-compacted/) and run usage queries on Athena. Shell access is through SSM Session
 * Manager, so there is no key pair and no port 22.
 */
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { acknowledge, acknowledgeScopedWildcards, underPrefixes } from "../../nag.ts";
import { Stack } from "aws-cdk-lib";
import { Construct } from "constructs";
import { RELAY_METRICS } from "#core/platform/layout.ts";
import { grantedPrefixes, grantStorage } from "../storage/storage-grants.ts";
import { grantUsageQueries, type UsageQueryTarget } from "../usage/usage-query-grants.ts";
import { QUERY_RESULTS_PREFIX } from "../usage/usage-query-workgroup.ts";

export interface MediaConvertAccess {
  queueArn: string;
  jobTemplateArn: string;
  /** Role MediaConvert assumes for jobs (passed with iam:PassRole). */
  roleArn: string;
}

export interface RelayRoleProps {
  bucket: IBucket;
  /** Secrets the relay reads (the admin key, and R2 credentials in R2 mode). */
  secrets: ISecret[];
  /** Secrets the relay may also write: the admin key, rewritten once into its tk_ form. @default none */
  writableSecrets?: ISecret[];
  /** MediaConvert resources the relay may submit VOD jobs to. @default none */
  mediaConvert?: MediaConvertAccess;
  /** The Athena workgroup and usage database the relay's billing queries use. @default none */
  usageQueries?: UsageQueryTarget;
  /** KMS keys of secrets the relay reads that are not under the account's default key (the content-key master). @default none */
  secretKeys?: IKey[];
}

export class RelayRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: RelayRoleProps) {
    super(scope, id);
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("ec2.amazonaws.com"),
      description: "Tributary origin relay instances",
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")],
    });
    const allow = (actions: string[], resources: string[], conditions?: Record<string, Record<string, string | string[]>>) =>
      this.role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources, ...(conditions ? { conditions } : {}) }));

    // What a relay does to the bucket is the layout's relay column: media, live pointers, media records
    // (registerMedia at every publish), webhooks (the dispatcher), stream and asset records, its usage,
    // and the start-up bootstrap (keyring under system/, the admin key under tenants/ and api-keys/).
    grantStorage(this.role, props.bucket, "relay");
    allow(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], props.secrets.map((s) => s.secretArn));
    if (props.writableSecrets?.length) allow(["secretsmanager:PutSecretValue"], props.writableSecrets.map((s) => s.secretArn));
    // Only Secrets Manager may use these keys on the relay's behalf: the relay decrypts nothing else with them.
    if (props.secretKeys?.length) allow(["kms:Decrypt"], props.secretKeys.map((k) => k.keyArn), { StringEquals: { "kms:ViaService": `secretsmanager.${Stack.of(this).region}.amazonaws.com` } });
    allow(["cloudwatch:PutMetricData"], ["*"], { StringEquals: { "cloudwatch:namespace": RELAY_METRICS.namespace } });
    if (props.mediaConvert) {
      const mc = props.mediaConvert;
      // CreateJob is authorized on the new job and on the queue and template it names; job ids are the
      // service's, so jobs are the account's job ARNs in this region, and nothing else is reachable.
      const { partition, region, account } = Stack.of(this);
      const jobs = `arn:${partition}:mediaconvert:${region}:${account}:jobs/*`;
      allow(["mediaconvert:CreateJob"], [jobs, mc.queueArn, mc.jobTemplateArn]);
      allow(["mediaconvert:GetJob", "mediaconvert:CancelJob"], [jobs]);
      allow(["iam:PassRole"], [mc.roleArn], { StringEquals: { "iam:PassedToService": "mediaconvert.amazonaws.com" } });
    }

    if (props.usageQueries) grantUsageQueries(this.role, props.usageQueries);

    acknowledge(this.role, {
      id: "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]",
      reason: "AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager, which replaces SSH (no key pair, no port 22).",
    });
    acknowledgeScopedWildcards(this, {
      allowed: [underPrefixes(...grantedPrefixes("relay"), QUERY_RESULTS_PREFIX), /^Resource::\*$/, /^Resource::arn:<AWS::Partition>:mediaconvert:<AWS::Region>:<AWS::AccountId>:jobs\/\*$/],
      reason: `Object wildcards are each confined to one key prefix the relay uses (${grantedPrefixes("relay").join(", ")}, and ${QUERY_RESULTS_PREFIX} in the query results bucket); PutMetricData has no resource type and is held to its namespace by a condition; MediaConvert job ARNs (CreateJob, GetJob, CancelJob) carry ids the service assigns at run time.`,
    });
  }
}
