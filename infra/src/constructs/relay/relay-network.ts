/**
 * The relays' VPC: public subnets in `maxAzs` zones, no NAT gateways.
 *
 * Public subnets rather than private isolated ones: relays install Debian packages and run `npm ci`
 * at boot, and serve traffic only through the NLB anyway. Isolated subnets would need a NAT gateway
 * or a baked AMI plus ~7 interface endpoints per AZ (Secrets Manager, SSM x3, CloudWatch,
 * CloudFormation, Auto Scaling), several times the cost of a public IPv4 address per relay. The relay
 * security group admits only the NLB's security group, so the public addresses accept nothing direct.
 * S3 traffic still stays on the AWS network through a (free) gateway endpoint.
 */
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { FlowLogDestination, FlowLogTrafficType, GatewayVpcEndpointAwsService, SubnetType, Vpc } from "aws-cdk-lib/aws-ec2";
import { Construct } from "constructs";

export interface RelayNetworkProps {
  /** Availability zones to spread relays and NLB nodes over. @default 2 */
  maxAzs?: number;
  /** Bucket for VPC flow logs (rejected traffic only). */
  flowLogBucket: IBucket;
}

export class RelayNetwork extends Construct {
  readonly vpc: Vpc;

  constructor(scope: Construct, id: string, props: RelayNetworkProps) {
    super(scope, id);
    this.vpc = new Vpc(this, "Vpc", {
      maxAzs: props.maxAzs ?? 2,
      natGateways: 0,
      subnetConfiguration: [{ name: "relay", subnetType: SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: true }],
      gatewayEndpoints: { S3: { service: GatewayVpcEndpointAwsService.S3 } },
      restrictDefaultSecurityGroup: false,
    });
    this.vpc.addFlowLog("RejectedFlows", {
      destination: FlowLogDestination.toS3(props.flowLogBucket, "vpc-flow-logs/"),
      trafficType: FlowLogTrafficType.REJECT,
    });
  }
}
