/** Observability stack: alarm topic, alarms and the dashboard over the relay fleet and VOD pipeline. */
import type { StackProps } from "aws-cdk-lib";
import { CfnOutput, Stack } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { TributaryConfig } from "../config.ts";
import { AlarmTopic } from "../constructs/observability/alarm-topic.ts";
import { PlatformAlarms } from "../constructs/observability/platform-alarms.ts";
import { PlatformDashboard } from "../constructs/observability/platform-dashboard.ts";
import type { PlatformMetricSources } from "../constructs/observability/platform-metrics.ts";
import { platformMetrics } from "../constructs/observability/platform-metrics.ts";

export interface ObservabilityStackProps extends StackProps {
  config: TributaryConfig;
  sources: PlatformMetricSources;
}

export class ObservabilityStack extends Stack {
  readonly alarms: PlatformAlarms;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const metrics = platformMetrics(props.sources);
    const topic = new AlarmTopic(this, "AlarmTopic", props.config.alarmEmail !== undefined ? { email: props.config.alarmEmail } : {}).topic;
    this.alarms = new PlatformAlarms(this, "Alarms", { metrics, topic });
    const dashboard = new PlatformDashboard(this, "Dashboard", { metrics, dashboardName: `Tributary-${props.config.env}` });
    new CfnOutput(this, "AlarmTopicArn", { value: topic.topicArn });
    new CfnOutput(this, "DashboardName", { value: dashboard.dashboard.dashboardName });
  }
}
