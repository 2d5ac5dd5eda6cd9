/**
 * Alarms on the things that break playback or ingest: relay CPU, unhealthy NLB targets (per target
 * group: NLBs have no 5xx metric, so TCP health is the signal), NLB resets, the relays' own error
 * metrics (namespace Tributary/Relay), MediaConvert job errors, and the job-event pipeline.
 */
import type { IMetric } from "aws-cdk-lib/aws-cloudwatch";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { PlatformMetrics } from "./platform-metrics.ts";

export interface PlatformAlarmsProps {
  metrics: PlatformMetrics;
  topic: ITopic;
  /** Average relay CPU that alarms, percent. @default 85 */
  cpuThresholdPercent?: number;
}

export class PlatformAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  private readonly topic: ITopic;

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    this.topic = props.topic;
    const m = props.metrics;
    this.add("RelayCpuHigh", m.relayCpu, props.cpuThresholdPercent ?? 85, 3, "Relay fleet CPU high: transcoding may fall behind real time");
    for (const [name, metric] of m.unhealthyHosts) this.add(`${name}UnhealthyHosts`, metric, 1, 3, `Unhealthy relays behind the ${name} listener`);
    this.add("OriginNoHealthyHosts", m.originHealthyHosts, 1, 2, "No healthy relay origin: live playback is down", ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.BREACHING);
    this.add("NlbTargetResets", m.targetResets, 100, 3, "Relays are resetting many TCP connections");
    this.add("RelayStorageWriteErrors", m.relayStorageWriteErrors, 1, 2, "Relays fail to write segments to storage");
    this.add("RelayTranscoderRestarts", m.relayTranscoderRestarts, 5, 3, "Relay ffmpeg processes restart repeatedly");
    this.add("MediaConvertJobErrors", m.mediaConvertErrors, 1, 1, "MediaConvert jobs failed");
    this.add("JobEventErrors", m.jobEventErrors, 1, 2, "The job-state recorder Lambda fails");
    this.add("JobEventDeadLetters", m.jobEventDeadLetters, 1, 1, "Job state events were dead-lettered: asset records are stale");
  }

  private add(
    id: string,
    metric: IMetric,
    threshold: number,
    evaluationPeriods: number,
    description: string,
    comparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData = TreatMissingData.NOT_BREACHING,
  ): void {
    const alarm = new Alarm(this, id, { metric, threshold, evaluationPeriods, comparisonOperator, treatMissingData, alarmDescription: description });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
