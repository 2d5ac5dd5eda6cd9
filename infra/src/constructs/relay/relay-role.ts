/**
 * The relay instances' IAM role, limited to what a relay does: write media/ and live/, register each
 * broadcast's media record (media-records/), run the webhook dispatcher (webhooks/), read stream
 * records, write its usage under usage/relay/, read and update assets/ (VOD jobs), create the keyring
 * and its public JWKS under system/ and register the admin key (tenants/, api-keys/) at start, read its secrets,
 * publish metrics to its own namespace and submit MediaConvert jobs. Shell access is through SSM Session
 * Manager, so there is no key pair and no port 22.
 */
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { acknowledge, acknowledgeScopedWildcards, underPrefixes } from "../../nag.ts";
import { Construct } from "constructs";
import { prefixes, RELAY_METRIC_NAMESPACE } from "../../prefixes.ts";

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
    const objects = (...list: string[]) => list.map((p) => props.bucket.arnForObjects(`${p}*`));
    const allow = (actions: string[], resources: string[], conditions?: Record<string, Record<string, string | string[]>>) =>
      this.role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources, ...(conditions ? { conditions } : {}) }));

    allow(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"], objects(prefixes.media, prefixes.live));
    allow(["s3:GetObject", "s3:PutObject"], objects(prefixes.assets));
    allow(["s3:GetObject"], objects(prefixes.streams));
    // registerMedia at every publish; the webhook dispatcher reads endpoints and queues, retries and clears deliveries.
    allow(["s3:GetObject", "s3:PutObject"], objects(prefixes.mediaRecords));
    allow(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], objects(prefixes.webhooks));
    // Start-up bootstrap: ensureKeyring (system/signing-keys.json, system/playback-jwks.json), the local
    // tenant and its admin key (tenants/local.json, api-keys/<keyId>.json).
    allow(["s3:GetObject", "s3:PutObject"], objects(prefixes.system, prefixes.tenants, prefixes.apiKeys));
    allow(["s3:PutObject"], objects(prefixes.relayUsage));
    allow(["s3:ListBucket"], [props.bucket.bucketArn], { StringLike: { "s3:prefix": [prefixes.media, prefixes.live, prefixes.assets, prefixes.webhooks].map((p) => `${p}*`) } });
    allow(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], props.secrets.map((s) => s.secretArn));
    if (props.writableSecrets?.length) allow(["secretsmanager:PutSecretValue"], props.writableSecrets.map((s) => s.secretArn));
    allow(["cloudwatch:PutMetricData"], ["*"], { StringEquals: { "cloudwatch:namespace": RELAY_METRIC_NAMESPACE } });
    if (props.mediaConvert) {
      const mc = props.mediaConvert;
      allow(["mediaconvert:CreateJob"], [mc.queueArn, mc.jobTemplateArn]);
      allow(["mediaconvert:GetJob"], ["*"]);
      allow(["iam:PassRole"], [mc.roleArn], { StringEquals: { "iam:PassedToService": "mediaconvert.amazonaws.com" } });
    }

    acknowledge(this.role, {
      id: "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]",
      reason: "AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager, which replaces SSH (no key pair, no port 22).",
    });
    acknowledgeScopedWildcards(this, {
      allowed: [underPrefixes(prefixes.media, prefixes.live, prefixes.assets, prefixes.streams, prefixes.mediaRecords, prefixes.webhooks, prefixes.relayUsage, prefixes.system, prefixes.tenants, prefixes.apiKeys), /^Resource::\*$/],
      reason:
        "Object wildcards are each confined to one key prefix the relay uses (media/, live/, assets/, streams/, media-records/, webhooks/, usage/relay/, and system/, tenants/, api-keys/ for the start-up keyring and admin key); PutMetricData has no resource type and is held to its namespace by a condition; mediaconvert:GetJob takes job ids known only at run time.",
    });
  }
}
