/**
 * The relays' Network Load Balancer: RTMP on TCP 1935, RTMPS (TLS 443 terminated here onto 1935 when a
 * certificate is given, else TCP 1936 passed through to the relay's own TLS), SRT on UDP 9000, and the
 * relay's HTTP origin for live LL-HLS on TCP 8080. Every target group is health-checked over HTTP on
 * the origin's `/healthz`, and deregistration waits `drainTime` so live publishes can finish.
 */
import { Duration } from "aws-cdk-lib";
import type { IVpc } from "aws-cdk-lib/aws-ec2";
import { Peer, Port, SecurityGroup } from "aws-cdk-lib/aws-ec2";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { ListenerCertificate, NetworkLoadBalancer, NetworkTargetGroup, Protocol, SslPolicy, TargetType } from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { acknowledge } from "../../nag.ts";
import { Construct } from "constructs";

import { RELAY_PORTS } from "#core/platform/layout.ts";

export interface RelayLoadBalancerProps {
  vpc: IVpc;
  /** ACM certificate for RTMPS on TLS 443. @default none: RTMPS is TCP 1936 passed through to the relay */
  certificateArn?: string;
  /** How long a deregistering relay keeps its connections (NLB maximum 3600 s). @default 1 hour */
  drainTime?: Duration;
  /** Bucket for NLB access logs (written for TLS listeners only). */
  accessLogs: IBucket;
}

export interface RelayTarget {
  name: "rtmp" | "rtmps" | "srt" | "origin";
  targetGroup: NetworkTargetGroup;
  /** Port on the relay instance. */
  port: number;
  protocol: Protocol;
}

export class RelayLoadBalancer extends Construct {
  readonly loadBalancer: NetworkLoadBalancer;
  readonly securityGroup: SecurityGroup;
  readonly targets: RelayTarget[] = [];

  constructor(scope: Construct, id: string, props: RelayLoadBalancerProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", { vpc: props.vpc, description: "Tributary ingest and origin listeners", allowAllOutbound: true });
    this.loadBalancer = new NetworkLoadBalancer(this, "Nlb", {
      vpc: props.vpc,
      internetFacing: true,
      crossZoneEnabled: true,
      securityGroups: [this.securityGroup],
    });
    // Set as attributes: logAccessLogs() needs a concrete region, and the bucket policy for log
    // delivery lives with the bucket (AccessLogsBucket).
    this.loadBalancer.setAttribute("access_logs.s3.enabled", "true");
    this.loadBalancer.setAttribute("access_logs.s3.bucket", props.accessLogs.bucketName);
    this.loadBalancer.setAttribute("access_logs.s3.prefix", "nlb");
    const drainTime = props.drainTime ?? Duration.hours(1);
    const tls = props.certificateArn !== undefined;

    this.listen("rtmp", RELAY_PORTS.rtmp, Protocol.TCP, RELAY_PORTS.rtmp, Protocol.TCP, drainTime, props.vpc);
    if (props.certificateArn !== undefined) {
      this.listen("rtmps", 443, Protocol.TLS, RELAY_PORTS.rtmp, Protocol.TCP, drainTime, props.vpc, props.certificateArn);
    } else {
      this.listen("rtmps", RELAY_PORTS.rtmps, Protocol.TCP, RELAY_PORTS.rtmps, Protocol.TCP, drainTime, props.vpc);
    }
    this.listen("srt", RELAY_PORTS.srt, Protocol.UDP, RELAY_PORTS.srt, Protocol.UDP, drainTime, props.vpc);
    this.listen("origin", RELAY_PORTS.origin, Protocol.TCP, RELAY_PORTS.origin, Protocol.TCP, drainTime, props.vpc);

    acknowledge(this.securityGroup, 
      { id: "AwsSolutions-EC23", reason: "Public ingest (RTMP/RTMPS/SRT from any encoder) and the live origin for the Cloudflare edge are the product; the relays themselves admit only this security group." });
    if (!tls) {
      acknowledge(this.loadBalancer, 
        { id: "AwsSolutions-ELB2", reason: "Access logging is enabled, but NLBs write access logs for TLS listeners only; without a certificate there are none." });
    }
  }

  /** The target group serving the live origin (for health alarms). */
  get origin(): NetworkTargetGroup {
    const origin = this.targets.find((t) => t.name === "origin");
    if (origin === undefined) throw new TypeError("origin target group missing");
    return origin.targetGroup;
  }

  private listen(name: RelayTarget["name"], listenerPort: number, listenerProtocol: Protocol, port: number, protocol: Protocol, drainTime: Duration, vpc: IVpc, certificateArn?: string): void {
    const targetGroup = new NetworkTargetGroup(this, `${name}Targets`, {
      vpc,
      port,
      protocol,
      targetType: TargetType.INSTANCE,
      deregistrationDelay: drainTime,
      healthCheck: {
        protocol: Protocol.HTTP,
        port: String(RELAY_PORTS.origin),
        path: "/healthz",
        interval: Duration.seconds(10),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
    });
    this.loadBalancer.addListener(`${name}Listener`, {
      port: listenerPort,
      protocol: listenerProtocol,
      defaultTargetGroups: [targetGroup],
      ...(certificateArn !== undefined ? { certificates: [ListenerCertificate.fromArn(certificateArn)], sslPolicy: SslPolicy.RECOMMENDED_TLS } : {}),
    });
    const peerPort = protocol === Protocol.UDP ? Port.udp(listenerPort) : Port.tcp(listenerPort);
    this.securityGroup.addIngressRule(Peer.anyIpv4(), peerPort, `${name} from anywhere`);
    this.targets.push({ name, targetGroup, port, protocol });
  }
}
