/** The metrics alarms and the dashboard share, built once from the platform's resources. */
import { Duration } from "aws-cdk-lib";
import { Metric } from "aws-cdk-lib/aws-cloudwatch";
import type { NetworkLoadBalancer } from "aws-cdk-lib/aws-elasticloadbalancingv2";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { RelayTarget } from "../relay/relay-load-balancer.ts";
import { RELAY_METRICS } from "#core/platform/layout.ts";

export interface PlatformMetricSources {
  autoScalingGroupName: string;
  loadBalancer: NetworkLoadBalancer;
  targets: RelayTarget[];
  relayNamespace: string;
  mediaConvertQueueArn: string;
  jobEventHandler: IFunction;
  jobEventDeadLetters: IQueue;
}

export interface PlatformMetrics {
  relayCpu: Metric;
  relayNetworkOut: Metric;
  unhealthyHosts: [string, Metric][];
  originHealthyHosts: Metric;
  activeFlows: Metric;
  processedBytes: Metric;
  targetResets: Metric;
  relayActivePublishes: Metric;
  relayOriginRequests: Metric;
  relayStorageWriteErrors: Metric;
  relayTranscoderRestarts: Metric;
  mediaConvertErrors: Metric;
  mediaConvertCompleted: Metric;
  jobEventErrors: Metric;
  jobEventDeadLetters: Metric;
}

/** A metric in the relay's own namespace, summed per minute across the fleet. */
function relayMetric(namespace: string, metricName: string): Metric {
  return new Metric({ namespace, metricName, statistic: "Sum", period: Duration.minutes(1) });
}

export function platformMetrics(s: PlatformMetricSources): PlatformMetrics {
  const five = Duration.minutes(5);
  const minute = Duration.minutes(1);
  const ec2 = (metricName: string, statistic: string) => new Metric({ namespace: "AWS/EC2", metricName, statistic, period: five, dimensionsMap: { AutoScalingGroupName: s.autoScalingGroupName } });
  const mediaConvert = (metricName: string) => new Metric({ namespace: "AWS/MediaConvert", metricName, statistic: "Sum", period: five, dimensionsMap: { Queue: s.mediaConvertQueueArn } });
  const origin = s.targets.find((t) => t.name === "origin");
  if (origin === undefined) throw new TypeError("the origin target is required");
  return {
    relayCpu: ec2("CPUUtilization", "Average"),
    relayNetworkOut: ec2("NetworkOut", "Sum"),
    unhealthyHosts: s.targets.map((t) => [t.name, t.targetGroup.metrics.unHealthyHostCount({ statistic: "Maximum", period: minute })]),
    originHealthyHosts: origin.targetGroup.metrics.healthyHostCount({ statistic: "Minimum", period: minute }),
    activeFlows: s.loadBalancer.metrics.activeFlowCount({ period: minute }),
    processedBytes: s.loadBalancer.metrics.processedBytes({ period: minute }),
    targetResets: s.loadBalancer.metrics.tcpTargetResetCount({ period: five }),
    relayActivePublishes: new Metric({ namespace: s.relayNamespace, metricName: RELAY_METRICS.activePublishes, statistic: "Maximum", period: minute }),
    relayOriginRequests: relayMetric(s.relayNamespace, RELAY_METRICS.originRequests),
    relayStorageWriteErrors: relayMetric(s.relayNamespace, RELAY_METRICS.storageWriteErrors),
    relayTranscoderRestarts: relayMetric(s.relayNamespace, RELAY_METRICS.transcoderRestarts),
    mediaConvertErrors: mediaConvert("JobsErroredCount"),
    mediaConvertCompleted: mediaConvert("JobsCompletedCount"),
    jobEventErrors: s.jobEventHandler.metricErrors({ period: five }),
    jobEventDeadLetters: s.jobEventDeadLetters.metricApproximateNumberOfMessagesVisible({ statistic: "Maximum", period: five }),
  };
}
