/**
 * Composes the platform: storage → transcode → relay fleet → observability, each its own stack so a
 * relay change never touches the bucket of record. cdk-nag's AwsSolutions pack checks every stack.
 */
import type { App, Environment } from "aws-cdk-lib";
import { Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "./nag.ts";
import { fileURLToPath } from "node:url";
import type { TributaryConfig } from "./config.ts";
import { RELAY_METRICS } from "#core/platform/layout.ts";
import { ObservabilityStack } from "./stacks/observability-stack.ts";
import { RelayFleetStack } from "./stacks/relay-fleet-stack.ts";
import { StorageStack } from "./stacks/storage-stack.ts";
import { TranscodeStack } from "./stacks/transcode-stack.ts";

/** Repository root: what the relays run. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface TributaryStacks {
  storage: StorageStack;
  transcode: TranscodeStack;
  relay: RelayFleetStack;
  observability: ObservabilityStack;
}

/** Stack names for an environment; the deploy script finds outputs under these. */
export function stackNames(env: string) {
  const prefix = `Tributary-${env}`;
  return { storage: `${prefix}-Storage`, transcode: `${prefix}-Transcode`, relay: `${prefix}-Relay`, observability: `${prefix}-Observability` } as const;
}

export interface BuildOptions {
  /** Repository root to ship to the relays. @default the repository this file is in */
  sourceDir?: string;
}

export function buildTributary(app: App, config: TributaryConfig, options: BuildOptions = {}): TributaryStacks {
  const env: Environment | undefined = config.account !== undefined || config.region !== undefined ? { account: config.account, region: config.region } : undefined;
  const names = stackNames(config.env);
  const common = { config, ...(env ? { env } : {}) };

  const storage = new StorageStack(app, names.storage, { ...common, description: "Tributary storage: media bucket, logs, secrets" });
  const transcode = new TranscodeStack(app, names.transcode, { ...common, description: "Tributary VOD: MediaConvert queue, template, job events" });
  const relay = new RelayFleetStack(app, names.relay, {
    ...common,
    description: "Tributary relay fleet: VPC, NLB, Auto Scaling group",
    adminKeySecret: storage.secrets.adminKey,
    contentKeyMaster: storage.contentKeyMaster,
    r2Credentials: storage.secrets.r2Credentials,
    mediaConvert: transcode.mediaConvert,
    sourceDir: options.sourceDir ?? REPO_ROOT,
  });
  const observability = new ObservabilityStack(app, names.observability, {
    ...common,
    description: "Tributary observability: alarms and dashboard",
    sources: {
      autoScalingGroupName: relay.autoScalingGroup.autoScalingGroupName,
      loadBalancer: relay.loadBalancer.loadBalancer,
      targets: relay.loadBalancer.targets,
      relayNamespace: RELAY_METRICS.namespace,
      mediaConvertQueueArn: transcode.queueArn,
      jobEventHandler: transcode.events.handler,
      jobEventDeadLetters: transcode.events.deadLetterQueue,
    },
  });

  // Buckets are addressed by derived name, not export, so the deploy order is declared here.
  transcode.addStackDependency(storage);
  relay.addStackDependency(storage);
  for (const stack of [storage, transcode, relay, observability]) {
    Tags.of(stack).add("tributary:env", config.env);
    Tags.of(stack).add("tributary:component", stack.stackName.split("-").at(-1) ?? "");
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { storage, transcode, relay, observability };
}
