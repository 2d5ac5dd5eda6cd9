/** One CloudWatch dashboard: ingest and origin health, relay load, relay metrics, VOD pipeline. */
import type { IMetric } from "aws-cdk-lib/aws-cloudwatch";
import { Dashboard, GraphWidget, TextWidget } from "aws-cdk-lib/aws-cloudwatch";
import { Construct } from "constructs";
import type { PlatformMetrics } from "./platform-metrics.ts";

export interface PlatformDashboardProps {
  metrics: PlatformMetrics;
  /** @default "Tributary" */
  dashboardName?: string;
}

export class PlatformDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    const m = props.metrics;
    const graph = (title: string, left: IMetric[], right?: IMetric[]) => new GraphWidget({ title, left, ...(right ? { right } : {}), width: 8, height: 6 });
    this.dashboard = new Dashboard(this, "Dashboard", { ...(props.dashboardName !== undefined ? { dashboardName: props.dashboardName } : {}) });
    this.dashboard.addWidgets(new TextWidget({ markdown: "# Tributary\nIngest (RTMP/RTMPS/SRT) and live origin through the NLB; VOD through MediaConvert.", width: 24, height: 2 }));
    this.dashboard.addWidgets(
      graph("Relay targets: unhealthy", m.unhealthyHosts.map(([, metric]) => metric), [m.originHealthyHosts]),
      graph("NLB flows and bytes", [m.activeFlows], [m.processedBytes]),
      graph("NLB target resets", [m.targetResets]),
    );
    this.dashboard.addWidgets(
      graph("Relay CPU and network out", [m.relayCpu], [m.relayNetworkOut]),
      graph("Relays: publishes and origin requests", [m.relayActivePublishes], [m.relayOriginRequests]),
      graph("Relays: storage errors and ffmpeg restarts", [m.relayStorageWriteErrors, m.relayTranscoderRestarts]),
    );
    this.dashboard.addWidgets(graph("MediaConvert jobs", [m.mediaConvertCompleted, m.mediaConvertErrors]), graph("Job-state recorder", [m.jobEventErrors], [m.jobEventDeadLetters]));
  }
}
