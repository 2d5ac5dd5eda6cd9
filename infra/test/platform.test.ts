/**
 * The default deployment (cdk.json context), synthesized once: per-construct template assertions,
 * cdk-nag, the relay's boot script, and a snapshot with asset hashes stripped.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCmafLadder } from "../src/constructs/transcode/cmaf-job-template.ts";
import type { Synthesized } from "./support.ts";
import { only, policyStatements, renderJoin, resources, resourceStrings, synthesize } from "./support.ts";

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

describe("storage", () => {
  it("media bucket blocks public access, encrypts, versions and logs", () => {
    s.templates.storage.hasResourceProperties("AWS::S3::Bucket", {
      BucketName: Match.objectLike({ "Fn::Join": Match.arrayWith([Match.arrayWith(["tributary-dev-media-"])]) }),
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      VersioningConfiguration: { Status: "Enabled" },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: "s3/media/" }),
    });
  });

  it("media bucket lifecycle expires temp/ fast, tiers usage/, trims noncurrent media versions", () => {
    const media = Object.values(resources(s.templates.storage, "AWS::S3::Bucket")).find((b) => b.Properties["VersioningConfiguration"] !== undefined);
    const rules = (media?.Properties["LifecycleConfiguration"] as { Rules: Array<Record<string, unknown>> }).Rules;
    const byId = new Map(rules.map((r) => [r["Id"], r]));
    expect(byId.get("temp-expires")).toMatchObject({ Prefix: "temp/", ExpirationInDays: 1 });
    expect(byId.get("media-noncurrent")).toMatchObject({ Prefix: "media/", NoncurrentVersionExpiration: { NoncurrentDays: 1 } });
    expect(byId.get("usage-tiering")).toMatchObject({ Prefix: "usage/", Transitions: [{ StorageClass: "STANDARD_IA", TransitionInDays: 30 }] });
    expect(byId.get("streams-versions")).toMatchObject({ Prefix: "streams/", NoncurrentVersionExpiration: { NoncurrentDays: 30, NewerNoncurrentVersions: 5 } });
    expect(byId.has("recordings-expire")).toBe(false);
  });

  it("media bucket allows browser PUT uploads (CORS) and exposes ETag", () => {
    s.templates.storage.hasResourceProperties("AWS::S3::Bucket", {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: Match.arrayWith(["PUT"]), ExposedHeaders: ["ETag"], AllowedOrigins: ["*"] })] },
    });
  });

  it("bucket policies deny non-TLS access", () => {
    const policies = Object.values(resources(s.templates.storage, "AWS::S3::BucketPolicy"));
    // Media, access logs, and Athena query results.
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties["PolicyDocument"])).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("secrets are generated, never literal", () => {
    const secrets = Object.values(resources(s.templates.storage, "AWS::SecretsManager::Secret"));
    const generated = secrets.filter((x) => x.Properties["GenerateSecretString"] !== undefined);
    expect(generated.map((x) => (x.Properties["GenerateSecretString"] as { GenerateStringKey: string }).GenerateStringKey).sort()).toEqual(["adminKey", "masterKey"]);
  });

  it("keeps the content-key master in a secret under its own rotating KMS key, retained with the stack gone", () => {
    const key = Object.entries(resources(s.templates.storage, "AWS::KMS::Key")).find(([, k]) => k.Properties["EnableKeyRotation"] === true);
    expect(key).toBeDefined();
    const master = Object.values(resources(s.templates.storage, "AWS::SecretsManager::Secret")).find((x) => JSON.stringify(x.Properties["GenerateSecretString"]).includes("masterKey"));
    expect(master?.Properties["KmsKeyId"]).toEqual({ "Fn::GetAtt": [key?.[0], "Arn"] });
    expect((master as { DeletionPolicy?: string } | undefined)?.DeletionPolicy).toBe("Retain");
    expect(Object.keys(s.templates.storage.toJSON()["Outputs"] as Record<string, unknown>)).toContain("ContentKeyMasterSecretArn");
  });

  it("edge credentials read the prefixes the edge serves and write nothing", () => {
    const statements = policyStatements(s.templates.storage, /EdgeAccessUser/);
    expect(statements.find((st) => [st.Action].flat().some((a) => /Put|Delete/.test(String(a))))).toBeUndefined();
    const reads = statements.find((st) => st.Action === "s3:GetObject");
    expect(resourceStrings(reads?.Resource).every((r) => /\/(tenants|streams|media-records|live|media|assets|system|price-books|content-keys)\/\*$/.test(r))).toBe(true);
    // Tenant-signed tokens for a media id are checked against the tenant its media record names.
    expect(resourceStrings(reads?.Resource).some((r) => r.endsWith("/media-records/*"))).toBe(true);
  });

});

describe("relay fleet", () => {
  it("NLB listens on RTMP 1935, RTMPS 1936, SRT UDP 9000 and origin 8080", () => {
    const listeners = Object.values(resources(s.templates.relay, "AWS::ElasticLoadBalancingV2::Listener")).map((l) => [l.Properties["Port"], l.Properties["Protocol"]]);
    expect(listeners.sort()).toEqual([[1935, "TCP"], [1936, "TCP"], [8080, "TCP"], [9000, "UDP"]]);
    only(s.templates.relay, "AWS::ElasticLoadBalancingV2::LoadBalancer");
    s.templates.relay.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", { Scheme: "internet-facing", Type: "network" });
  });

  it("target groups health-check /healthz over HTTP and drain for an hour", () => {
    const groups = Object.values(resources(s.templates.relay, "AWS::ElasticLoadBalancingV2::TargetGroup"));
    expect(groups).toHaveLength(4);
    for (const group of groups) {
      expect(group.Properties).toMatchObject({ HealthCheckProtocol: "HTTP", HealthCheckPath: "/healthz", HealthCheckPort: "8080" });
      expect(group.Properties["TargetGroupAttributes"]).toContainEqual({ Key: "deregistration_delay.timeout_seconds", Value: "3600" });
    }
  });

  it("the VPC has no NAT gateway and an S3 gateway endpoint; relays admit only the NLB", () => {
    s.templates.relay.resourceCountIs("AWS::EC2::NatGateway", 0);
    s.templates.relay.hasResourceProperties("AWS::EC2::VPCEndpoint", { VpcEndpointType: "Gateway" });
    const ingress = Object.values(resources(s.templates.relay, "AWS::EC2::SecurityGroupIngress"));
    expect(ingress).toHaveLength(4);
    for (const rule of ingress) expect(rule.Properties["SourceSecurityGroupId"]).toBeDefined();
    expect(JSON.stringify(s.templates.relay.toJSON())).not.toMatch(/"FromPort":22\b/);
  });

  it("launch template: Graviton by default, Debian AMI from SSM, IMDSv2, encrypted root, no key pair", () => {
    const lt = only(s.templates.relay, "AWS::EC2::LaunchTemplate").Properties["LaunchTemplateData"] as Record<string, unknown>;
    expect(lt["InstanceType"]).toBe("c7g.xlarge");
    expect(lt["KeyName"]).toBeUndefined();
    expect(lt["MetadataOptions"]).toMatchObject({ HttpTokens: "required", InstanceMetadataTags: "enabled" });
    expect(lt["BlockDeviceMappings"]).toEqual([expect.objectContaining({ Ebs: expect.objectContaining({ Encrypted: true }) })]);
    const parameters = s.templates.relay.toJSON()["Parameters"] as Record<string, { Default?: string }>;
    expect(Object.values(parameters).map((p) => p.Default)).toContain("/aws/service/debian/release/12/latest/arm64");
  });

  it("auto scaling: min/max from context, rolling update with signals, CPU and network-out tracking, drain hook", () => {
    const asg = only(s.templates.relay, "AWS::AutoScaling::AutoScalingGroup");
    expect(asg.Properties).toMatchObject({ MinSize: "2", MaxSize: "6", HealthCheckType: "ELB" });
    expect(asg["UpdatePolicy"]).toMatchObject({ AutoScalingRollingUpdate: { MaxBatchSize: 1, MinInstancesInService: 2, WaitOnResourceSignals: true } });
    expect(asg["CreationPolicy"]).toMatchObject({ ResourceSignal: { Count: 2 } });
    const metrics = Object.values(resources(s.templates.relay, "AWS::AutoScaling::ScalingPolicy")).map(
      (p) => (p.Properties["TargetTrackingConfiguration"] as { PredefinedMetricSpecification: { PredefinedMetricType: string } }).PredefinedMetricSpecification.PredefinedMetricType,
    );
    expect(metrics.sort()).toEqual(["ASGAverageCPUUtilization", "ASGAverageNetworkOut"]);
    s.templates.relay.hasResourceProperties("AWS::AutoScaling::LifecycleHook", { LifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING", HeartbeatTimeout: 3600, DefaultResult: "CONTINUE" });
  });

  it("relay role writes only its prefixes and uses Session Manager", () => {
    const statements = policyStatements(s.templates.relay, /"Role[0-9A-F]{8}"/);
    const writes = statements.filter((st) => [st.Action].flat().includes("s3:PutObject")).flatMap((st) => resourceStrings(st.Resource));
    // system/, tenants/, api-keys/: the start-up keyring (with its public JWKS) and the admin key from Secrets Manager; webhook-outbox/: the durable delivery queue; content-keys/: sealed content keys; temp/: uploads in progress;
    // usage-compacted/: the compaction job; results/: Athena query results, in their own bucket.
    expect(writes.map((r) => r.replace(/^.*?\/(?=[a-z])/, "")).sort()).toEqual(["api-keys/*", "assets/*", "content-keys/*", "live/*", "media-records/*", "media/*", "results/*", "system/*", "temp/*", "tenants/*", "usage-compacted/*", "usage/inventory/*", "usage/relay/*", "usage/vod/*", "webhook-outbox/*", "webhooks/*"]);
    const reads = statements.filter((st) => st.Action === "s3:GetObject").flatMap((st) => resourceStrings(st.Resource));
    expect(reads.some((r) => r.endsWith("/streams/*"))).toBe(true);
    expect(statements.filter((st) => [st.Action].flat().includes("secretsmanager:PutSecretValue")).flatMap((st) => resourceStrings(st.Resource))).toHaveLength(1);
    // The content-key master: read through Secrets Manager, its KMS key usable only that way.
    const secretReads = statements.filter((st) => [st.Action].flat().includes("secretsmanager:GetSecretValue"));
    expect(JSON.stringify(secretReads)).toContain("ContentKeyMasterSecret");
    const decrypt = statements.find((st) => st.Action === "kms:Decrypt");
    expect(JSON.stringify(decrypt?.Resource)).toContain("ContentKeyMaster");
    expect(JSON.stringify(decrypt?.Condition)).toContain("kms:ViaService");
    expect(statements.find((st) => st.Action === "cloudwatch:PutMetricData")?.Condition).toEqual({ StringEquals: { "cloudwatch:namespace": "Tributary/Relay" } });
    s.templates.relay.hasResourceProperties("AWS::IAM::Role", {
      ManagedPolicyArns: [{ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/AmazonSSMManagedInstanceCore"]] }],
    });
  });

  it("outputs the ingest endpoints the edge and encoders need", () => {
    const outputs = Object.keys(s.templates.relay.toJSON()["Outputs"] as Record<string, unknown>);
    expect(outputs).toEqual(expect.arrayContaining(["RelayOriginHost", "RelayOriginUrl", "IngestRtmpUrl", "IngestRtmpsUrl", "IngestSrtUrl"]));
  });
});

describe("relay user data", () => {
  const script = () => renderJoin((only(s.templates.relay, "AWS::EC2::LaunchTemplate").Properties["LaunchTemplateData"] as { UserData: { "Fn::Base64": unknown } }).UserData["Fn::Base64"]);

  it("is valid bash", () => {
    const result = spawnSync("bash", ["-n"], { input: script(), encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("installs ffmpeg and Node, fetches the app bundle, runs npm ci and starts the relay with npm start", () => {
    const text = script();
    expect(text.startsWith("#!/bin/bash\n")).toBe(true);
    expect(text).toMatch(/apt-get install .*ffmpeg.*nodejs npm/);
    expect(text).toMatch(/aws s3 cp .*"s3:\/\/PLACEHOLDER\/[0-9a-f]{64}\.zip" \/tmp\/tributary-app\.zip/);
    expect(text).toContain("npm ci --omit=dev");
    expect(text).toContain("ExecStart=/usr/bin/env TRIBUTARY_ROLE=relay /usr/bin/npm start");
    for (const name of ["TRIBUTARY_STORAGE=\"s3\"", "TRIBUTARY_S3_BUCKET=", "TRIBUTARY_S3_REGION=", "TRIBUTARY_PUBLIC_HOST=", "TRIBUTARY_SECRETS_ARN=", "TRIBUTARY_DRM_MASTER_KEY_SECRET_ARN="]) expect(text).toContain(name);
    // The Transcode stack's outputs, ready for vodBackend=mediaconvert; the local worker by default.
    expect(text).toContain('TRIBUTARY_VOD_BACKEND="local"');
    for (const name of ["TRIBUTARY_MEDIACONVERT_REGION=", "TRIBUTARY_MEDIACONVERT_JOB_TEMPLATE=", "TRIBUTARY_MEDIACONVERT_ROLE_ARN=", "TRIBUTARY_MEDIACONVERT_QUEUE_ARN="]) expect(text).toContain(name);
    expect(text).toContain("amazon-ssm-agent");
    expect(text).toContain("aws cloudformation signal-resource");
  });
});

describe("transcode", () => {
  it("job template carries the CMAF ladder from infra/mediaconvert/cmaf-ladder.json", () => {
    const template = only(s.templates.transcode, "AWS::MediaConvert::JobTemplate");
    expect(template.Properties["SettingsJson"]).toEqual(loadCmafLadder());
    const group = (loadCmafLadder()["OutputGroups"] as Array<{ OutputGroupSettings: { CmafGroupSettings: Record<string, unknown> }; Outputs: Array<Record<string, unknown>> }>)[0];
    expect(group?.OutputGroupSettings.CmafGroupSettings).toMatchObject({ SegmentLength: 2, WriteHlsManifest: "ENABLED", WriteDashManifest: "ENABLED" });
    const heights = group?.Outputs.map((o) => (o["VideoDescription"] as { Height?: number } | undefined)?.Height).filter((h) => h !== undefined);
    expect(heights).toEqual([1080, 720, 480, 360, 240]);
    only(s.templates.transcode, "AWS::MediaConvert::Queue");
  });

  it("MediaConvert job state changes go to the recorder Lambda on Node 24 with a dead-letter queue", () => {
    s.templates.transcode.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: { source: ["aws.mediaconvert"], "detail-type": ["MediaConvert Job State Change"] },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }) })],
    });
    s.templates.transcode.hasResourceProperties("AWS::Lambda::Function", { Runtime: "nodejs24.x", Handler: "index.handler" });
  });

  it("MediaConvert and the recorder touch only their prefixes", () => {
    const mc = policyStatements(s.templates.transcode, /MediaConvertRole/).flatMap((st) => resourceStrings(st.Resource));
    expect(mc.filter((r) => r.endsWith("*")).every((r) => /\/(assets|media)\/\*$/.test(r))).toBe(true);
    const recorder = policyStatements(s.templates.transcode, /JobEventsRole/).filter((st) => [st.Action].flat().some((a) => a.startsWith("s3:")));
    const grants = recorder.map((st) => `${[st.Action].flat().join(",")} ${resourceStrings(st.Resource).map((r) => r.replace(/^.*?\/(?=[a-z])/, "")).join(" ")}`);
    expect(grants.sort()).toEqual(["s3:GetObject,s3:PutObject assets/*", "s3:PutObject usage/vod/* webhook-outbox/events/*"]);
  });

  it("the relay may create, read and cancel MediaConvert jobs on its queue and template, and pass only the MediaConvert role", () => {
    const statements = policyStatements(s.templates.relay, /"Role[0-9A-F]{8}"/);
    const mc = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith("mediaconvert:")));
    const rendered = mc.map((st) => ({ actions: [st.Action].flat().sort(), resources: [st.Resource].flat().map((r) => renderJoin(r)).sort() }));
    expect(rendered).toEqual([
      { actions: ["mediaconvert:CreateJob"], resources: ["PLACEHOLDER", "PLACEHOLDER", "arn:PLACEHOLDER:mediaconvert:PLACEHOLDER:PLACEHOLDER:jobs/*"] },
      { actions: ["mediaconvert:CancelJob", "mediaconvert:GetJob"], resources: ["arn:PLACEHOLDER:mediaconvert:PLACEHOLDER:PLACEHOLDER:jobs/*"] },
    ]);
    // The two placeholders are the Transcode stack's queue and template ARNs, imported.
    expect(JSON.stringify(mc[0]?.Resource)).toMatch(/MediaConvertQueue.*CmafLadder|CmafLadder.*MediaConvertQueue/);
    const passRole = statements.filter((st) => [st.Action].flat().includes("iam:PassRole"));
    expect(passRole).toHaveLength(1);
    expect(passRole[0]?.Condition).toEqual({ StringEquals: { "iam:PassedToService": "mediaconvert.amazonaws.com" } });
    expect(JSON.stringify(passRole[0]?.Resource)).toMatch(/MediaConvertRole/);
  });
});

describe("observability", () => {
  it("alarms on relay CPU, unhealthy hosts per listener, relay metrics and MediaConvert errors", () => {
    const alarms = Object.values(resources(s.templates.observability, "AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    const names = alarms.map((a) => `${String(a["Namespace"])}/${String(a["MetricName"])}`);
    expect(names).toEqual(expect.arrayContaining(["AWS/EC2/CPUUtilization", "AWS/NetworkELB/UnHealthyHostCount", "Tributary/Relay/StorageWriteErrors", "AWS/MediaConvert/JobsErroredCount"]));
    expect(names.filter((n) => n === "AWS/NetworkELB/UnHealthyHostCount")).toHaveLength(4);
    for (const alarm of alarms) expect(alarm["AlarmActions"]).toHaveLength(1);
    only(s.templates.observability, "AWS::CloudWatch::Dashboard");
    s.templates.observability.resourceCountIs("AWS::SNS::Subscription", 0);
  });
});

describe("cdk-nag", () => {
  it("AwsSolutions reports no unacknowledged findings", () => {
    const report = JSON.parse(readFileSync(join(s.outdir, "validation-report.json"), "utf8")) as { pluginReports: Array<{ pluginName: string; conclusion: string; violations: unknown[] }> };
    const nag = report.pluginReports.find((r) => r.pluginName === "AwsSolutions");
    expect(nag?.violations).toEqual([]);
    expect(nag?.conclusion).toBe("success");
  });

  it("no stack carries an error annotation", () => {
    for (const stack of Object.values(s.stacks)) expect(Annotations.fromStack(stack).findError("*", Match.anyValue())).toEqual([]);
  });
});

describe("snapshot", () => {
  it("matches, asset hashes stripped", () => {
    const strip = (template: object) => JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, "<asset-hash>"));
    expect({
      storage: strip(s.templates.storage.toJSON()),
      transcode: strip(s.templates.transcode.toJSON()),
      relay: strip(s.templates.relay.toJSON()),
      observability: strip(s.templates.observability.toJSON()),
    }).toMatchSnapshot();
  });
});
