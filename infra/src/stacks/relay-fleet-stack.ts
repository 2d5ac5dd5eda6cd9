/** Relay fleet stack: VPC, NLB, relay role, the app asset and the Auto Scaling group; outputs the ingest endpoints. */
import type { StackProps } from "aws-cdk-lib";
import { CfnOutput, Stack } from "aws-cdk-lib";
import type { AutoScalingGroup } from "aws-cdk-lib/aws-autoscaling";
import { Bucket } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";
import type { TributaryConfig } from "../config.ts";
import { bucketNames, usageQueryNames } from "../bucket-names.ts";
import { AppBundle } from "../constructs/relay/app-bundle.ts";
import { RelayFleet } from "../constructs/relay/relay-fleet.ts";
import { RELAY_PORTS } from "#core/platform/layout.ts";
import { RelayLoadBalancer } from "../constructs/relay/relay-load-balancer.ts";
import { RelayNetwork } from "../constructs/relay/relay-network.ts";
import type { MediaConvertAccess } from "../constructs/relay/relay-role.ts";
import { RelayRole } from "../constructs/relay/relay-role.ts";

export interface RelayFleetStackProps extends StackProps {
  config: TributaryConfig;
  /** `{adminKey}`: the platform tenant's admin API key, registered (and put in tk_ form) by the relays. */
  adminKeySecret: ISecret;
  /** `{masterKey}`: the content-key master, and the KMS key it is encrypted under. */
  contentKeyMaster: { secret: ISecret; encryptionKey: IKey };
  /** R2 mode: the secret holding the relays' R2 token. */
  r2Credentials?: ISecret | undefined;
  mediaConvert: MediaConvertAccess & { jobTemplateName: string };
  /** Repository root shipped to the relays. */
  sourceDir: string;
}

export class RelayFleetStack extends Stack {
  readonly loadBalancer: RelayLoadBalancer;
  readonly autoScalingGroup: AutoScalingGroup;

  constructor(scope: Construct, id: string, props: RelayFleetStackProps) {
    super(scope, id, props);
    const { config } = props;
    const names = bucketNames(config.env, this.account, this.region);
    const bucket = Bucket.fromBucketName(this, "MediaBucket", names.media);
    const accessLogs = Bucket.fromBucketName(this, "AccessLogsBucket", names.logs);
    const network = new RelayNetwork(this, "Network", { flowLogBucket: accessLogs });
    this.loadBalancer = new RelayLoadBalancer(this, "LoadBalancer", {
      vpc: network.vpc,
      accessLogs,
      ...(config.certificateArn !== undefined ? { certificateArn: config.certificateArn } : {}),
    });
    const secrets = [props.adminKeySecret, props.contentKeyMaster.secret, ...(props.r2Credentials ? [props.r2Credentials] : [])];
    const usageQueries = { ...usageQueryNames(config.env), dataBucket: bucket, results: Bucket.fromBucketName(this, "QueryResultsBucket", names.queryResults) };
    const role = new RelayRole(this, "Role", { bucket, secrets, writableSecrets: [props.adminKeySecret], mediaConvert: props.mediaConvert, usageQueries, secretKeys: [props.contentKeyMaster.encryptionKey] }).role;
    const app = new AppBundle(this, "App", { sourceDir: props.sourceDir }).asset;
    const publicHost = config.domainName ?? this.loadBalancer.loadBalancer.loadBalancerDnsName;

    const fleet = new RelayFleet(this, "Fleet", {
      vpc: network.vpc,
      role,
      app,
      targets: this.loadBalancer.targets,
      loadBalancerSecurityGroup: this.loadBalancer.securityGroup,
      environment: relayEnvironment(this, props, bucket.bucketName, publicHost),
      instanceType: config.instanceType,
      architecture: config.architecture,
      minCapacity: config.minRelays,
      maxCapacity: config.maxRelays,
    });
    this.autoScalingGroup = fleet.autoScalingGroup;

    const rtmps = config.certificateArn !== undefined ? `rtmps://${publicHost}:443/live` : `rtmps://${publicHost}:${RELAY_PORTS.rtmps}/live`;
    new CfnOutput(this, "RelayOriginHost", { value: this.loadBalancer.loadBalancer.loadBalancerDnsName, description: "NLB DNS name (point domainName here with a CNAME)" });
    new CfnOutput(this, "RelayOriginUrl", { value: `http://${publicHost}:${RELAY_PORTS.origin}`, description: "Live origin the edge fetches from" });
    new CfnOutput(this, "IngestHost", { value: publicHost, description: "Host encoders publish to" });
    new CfnOutput(this, "IngestRtmpUrl", { value: `rtmp://${publicHost}:${RELAY_PORTS.rtmp}/live` });
    new CfnOutput(this, "IngestRtmpsUrl", { value: rtmps });
    new CfnOutput(this, "IngestSrtUrl", { value: `srt://${publicHost}:${RELAY_PORTS.srt}` });
    new CfnOutput(this, "RelayAutoScalingGroupName", { value: this.autoScalingGroup.autoScalingGroupName });
  }
}

/**
 * The relay's configuration, as the environment variables its config module reads
 * (core/node/env-config.ts rejects unknown TRIBUTARY_* names, so only contracted ones go here; in S3
 * mode the Transcode stack's MediaConvert outputs, which `vodBackend` puts to use). Secrets travel as ARNs
 * and are read at start-up (scripts/platform/bootstrap.ts), never as values in the user data.
 */
function relayEnvironment(stack: Stack, props: RelayFleetStackProps, bucketName: string, publicHost: string): Record<string, string> {
  const r2 = props.config.r2;
  return {
    TRIBUTARY_STORAGE: "s3",
    TRIBUTARY_S3_BUCKET: r2 ? r2.bucket : bucketName,
    TRIBUTARY_S3_REGION: r2 ? "auto" : stack.region,
    TRIBUTARY_CLOUDWATCH_REGION: stack.region,
    ...(r2 && props.r2Credentials ? { TRIBUTARY_S3_ENDPOINT: r2.endpoint, TRIBUTARY_S3_CREDENTIALS_SECRET_ARN: props.r2Credentials.secretArn } : {}),
    TRIBUTARY_PUBLIC_HOST: publicHost,
    TRIBUTARY_SECRETS_ARN: props.adminKeySecret.secretArn,
    TRIBUTARY_DRM_MASTER_KEY_SECRET_ARN: props.contentKeyMaster.secret.secretArn,
    TRIBUTARY_VOD_BACKEND: props.config.vodBackend,
    ...(r2
      ? {}
      : {
          TRIBUTARY_MEDIACONVERT_REGION: stack.region,
          TRIBUTARY_MEDIACONVERT_JOB_TEMPLATE: props.mediaConvert.jobTemplateName,
          TRIBUTARY_MEDIACONVERT_ROLE_ARN: props.mediaConvert.roleArn,
          TRIBUTARY_MEDIACONVERT_QUEUE_ARN: props.mediaConvert.queueArn,
        }),
  };
}
