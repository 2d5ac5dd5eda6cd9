/**
 * The relay Auto Scaling group: a launch template (Debian 12 from its public SSM parameter, Graviton or
 * x86), the boot script, CPU and network-out target tracking, rolling replacement on every deploy
 * (instances signal when /healthz answers), and a termination lifecycle hook so scale-in and
 * replacement wait for live streams to end.
 */
import { Aws, Duration, Stack } from "aws-cdk-lib";
import type { CfnAutoScalingGroup } from "aws-cdk-lib/aws-autoscaling";
import { AdditionalHealthCheckType, AutoScalingGroup, DefaultResult, HealthChecks, LifecycleTransition, Signals, UpdatePolicy } from "aws-cdk-lib/aws-autoscaling";
import type { IVpc } from "aws-cdk-lib/aws-ec2";
import { BlockDeviceVolume, EbsDeviceVolumeType, InstanceType, LaunchTemplate, MachineImage, Port, SecurityGroup, SubnetType, UserData } from "aws-cdk-lib/aws-ec2";
import type { NetworkTargetGroup } from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { Protocol } from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { Effect, Policy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Role } from "aws-cdk-lib/aws-iam";
import type { Asset } from "aws-cdk-lib/aws-s3-assets";
import { acknowledge, acknowledgeScopedWildcards } from "../../nag.ts";
import { Construct } from "constructs";
import type { Architecture } from "../../config.ts";
import type { RelayTarget } from "./relay-load-balancer.ts";
import { RELAY_PORTS } from "#core/platform/layout.ts";
import { relayUserDataLines } from "./relay-user-data.ts";

/** Debian's public SSM parameters for its current Debian 12 AMIs (no lookup: resolved by CloudFormation). */
export const DEBIAN_AMI_PARAMETER: Record<Architecture, string> = {
  arm64: "/aws/service/debian/release/12/latest/arm64",
  x86_64: "/aws/service/debian/release/12/latest/amd64",
};

export const DRAIN_HOOK_NAME = "tributary-drain";

export interface RelayFleetProps {
  vpc: IVpc;
  role: Role;
  app: Asset;
  /** NLB targets to register instances with, and the NLB's security group to admit. */
  targets: RelayTarget[];
  loadBalancerSecurityGroup: SecurityGroup;
  /** Relay process environment (TRIBUTARY_*). */
  environment: Record<string, string>;
  /** EC2 instance type; must match `architecture`. @default c7g.xlarge */
  instanceType?: string;
  /** @default arm64 (Graviton) */
  architecture?: Architecture;
  /** SSM parameter holding the AMI id. @default Debian 12 for the architecture */
  amiParameter?: string;
  /** @default 2 */
  minCapacity?: number;
  /** @default 6 */
  maxCapacity?: number;
  /** Target average CPU, percent. @default 60 */
  cpuTargetPercent?: number;
  /** Target average bytes sent per instance per second (network-out). @default 60 MB/s */
  networkOutTargetBytesPerSecond?: number;
  /** How long a terminating relay may keep serving live streams. @default 1 hour */
  drainTime?: Duration;
  /** Root volume size. @default 20 GiB */
  rootVolumeGiB?: number;
}

export class RelayFleet extends Construct {
  readonly autoScalingGroup: AutoScalingGroup;
  readonly securityGroup: SecurityGroup;
  readonly userData: UserData;

  constructor(scope: Construct, id: string, props: RelayFleetProps) {
    super(scope, id);
    const architecture = props.architecture ?? "arm64";
    const drainTime = props.drainTime ?? Duration.hours(1);
    const minCapacity = props.minCapacity ?? 2;
    const maxCapacity = props.maxCapacity ?? 6;

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", { vpc: props.vpc, description: "Tributary relays: only from the NLB", allowAllOutbound: true });
    for (const target of props.targets) {
      const port = target.protocol === Protocol.UDP ? Port.udp(target.port) : Port.tcp(target.port);
      this.securityGroup.addIngressRule(props.loadBalancerSecurityGroup, port, `${target.name} from the NLB`);
    }

    this.userData = UserData.forLinux();
    const launchTemplate = new LaunchTemplate(this, "LaunchTemplate", {
      instanceType: new InstanceType(props.instanceType ?? "c7g.xlarge"),
      machineImage: MachineImage.fromSsmParameter(props.amiParameter ?? DEBIAN_AMI_PARAMETER[architecture], { userData: this.userData }),
      userData: this.userData,
      role: props.role,
      securityGroup: this.securityGroup,
      requireImdsv2: true,
      instanceMetadataTags: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: "/dev/xvda", volume: BlockDeviceVolume.ebs(props.rootVolumeGiB ?? 20, { encrypted: true, volumeType: EbsDeviceVolumeType.GP3 }) }],
    });

    this.autoScalingGroup = new AutoScalingGroup(this, "Group", {
      vpc: props.vpc,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      launchTemplate,
      minCapacity,
      maxCapacity,
      // The NLB's HTTP check on /healthz replaces a relay that stops answering, not only one whose VM fails.
      healthChecks: HealthChecks.withAdditionalChecks({ gracePeriod: Duration.minutes(10), additionalTypes: [AdditionalHealthCheckType.ELB] }),
      signals: Signals.waitForMinCapacity({ timeout: Duration.minutes(20) }),
      updatePolicy: UpdatePolicy.rollingUpdate({ maxBatchSize: 1, minInstancesInService: Math.min(minCapacity, maxCapacity - 1) }),
    });
    for (const target of props.targets) this.autoScalingGroup.attachToNetworkTargetGroup(target.targetGroup as NetworkTargetGroup);

    this.autoScalingGroup.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: props.cpuTargetPercent ?? 60, cooldown: Duration.minutes(5) });
    this.autoScalingGroup.scaleOnOutgoingBytes("NetworkOut", { targetBytesPerSecond: props.networkOutTargetBytesPerSecond ?? 60_000_000, cooldown: Duration.minutes(5) });
    this.autoScalingGroup.addLifecycleHook("Drain", {
      lifecycleHookName: DRAIN_HOOK_NAME,
      lifecycleTransition: LifecycleTransition.INSTANCE_TERMINATING,
      heartbeatTimeout: drainTime,
      defaultResult: DefaultResult.CONTINUE,
    });

    const stack = Stack.of(this);
    const asgLogicalId = stack.getLogicalId(this.autoScalingGroup.node.defaultChild as CfnAutoScalingGroup);
    this.userData.addCommands(
      ...relayUserDataLines({
        environment: props.environment,
        appBucket: props.app.s3BucketName,
        appKey: props.app.s3ObjectKey,
        region: Aws.REGION,
        stackName: Aws.STACK_NAME,
        asgLogicalId,
        lifecycleHookName: DRAIN_HOOK_NAME,
        stopTimeoutSeconds: drainTime.toSeconds(),
        originPort: RELAY_PORTS.origin,
      }),
    );
    this.grantInstanceAccess(props.role, props.app);

    acknowledge(this.autoScalingGroup, 
      { id: "AwsSolutions-AS3", reason: "Scaling activity shows on the dashboard and capacity problems raise the fleet's alarms; a notification per launch and terminate would be noise." });
  }

  /** Boot-time and lifecycle calls from the instance itself; a separate policy keeps the ASG out of the role's dependency chain. */
  private grantInstanceAccess(role: Role, app: Asset): void {
    const policy = new Policy(this, "LifecyclePolicy", {
      statements: [
        new PolicyStatement({ effect: Effect.ALLOW, actions: ["autoscaling:CompleteLifecycleAction"], resources: [this.autoScalingGroup.autoScalingGroupArn] }),
        new PolicyStatement({ effect: Effect.ALLOW, actions: ["cloudformation:SignalResource"], resources: [Aws.STACK_ID] }),
        // The app bundle: this one object, not the whole CDK asset bucket.
        new PolicyStatement({ effect: Effect.ALLOW, actions: ["s3:GetObject"], resources: [app.bucket.arnForObjects(app.s3ObjectKey)] }),
      ],
    });
    role.attachInlinePolicy(policy);
    acknowledgeScopedWildcards(policy, {
      allowed: [/^Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:\*:autoScalingGroupName\/<[A-Za-z0-9]+>$/],
      reason: "An Auto Scaling group ARN embeds a generated UUID; the name part pins it to this fleet's group.",
    });
  }
}
