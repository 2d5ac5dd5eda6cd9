/**
 * A non-default deployment, synthesized once: RTMPS terminated on the NLB with a certificate, x86
 * relays, R2 as the bucket of record, recording expiry, alarm e-mail, and a fixed-size fleet.
 */
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import type { Synthesized } from "./support.ts";
import { only, renderJoin, resources, synthesize } from "./support.ts";

const CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab";
let s: Synthesized;
beforeAll(() => {
  s = synthesize({
    env: "prod",
    domainName: "ingest.example.com",
    certificateArn: CERTIFICATE,
    architecture: "x86_64",
    instanceType: "c7i.2xlarge",
    alarmEmail: "ops@example.com",
    r2AccountId: "0123456789abcdef0123456789abcdef",
    r2Bucket: "tributary-media",
    recordingRetentionDays: "90",
    minRelays: "3",
    maxRelays: "3",
  });
});

describe("variant deployment", () => {
  it("terminates RTMPS on TLS 443 onto the relay's RTMP port", () => {
    s.templates.relay.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 443, Protocol: "TLS", Certificates: [{ CertificateArn: CERTIFICATE }] });
    const ports = Object.values(resources(s.templates.relay, "AWS::ElasticLoadBalancingV2::Listener")).map((l) => l.Properties["Port"]);
    expect(ports).not.toContain(1936);
    const outputs = s.templates.relay.toJSON()["Outputs"] as Record<string, { Value: unknown }>;
    expect(outputs["IngestRtmpsUrl"]?.Value).toBe("rtmps://ingest.example.com:443/live");
  });

  it("runs x86 relays from the amd64 Debian parameter", () => {
    const lt = only(s.templates.relay, "AWS::EC2::LaunchTemplate").Properties["LaunchTemplateData"] as Record<string, unknown>;
    expect(lt["InstanceType"]).toBe("c7i.2xlarge");
    const parameters = s.templates.relay.toJSON()["Parameters"] as Record<string, { Default?: string }>;
    expect(Object.values(parameters).map((p) => p.Default)).toContain("/aws/service/debian/release/12/latest/amd64");
  });

  it("keeps one relay in service during a rolling update of a fixed-size fleet", () => {
    const asg = only(s.templates.relay, "AWS::AutoScaling::AutoScalingGroup");
    expect(asg.Properties).toMatchObject({ MinSize: "3", MaxSize: "3" });
    expect(asg["UpdatePolicy"]).toMatchObject({ AutoScalingRollingUpdate: { MinInstancesInService: 2 } });
  });

  it("points the relays at R2 with credentials from the R2 secret", () => {
    const lt = only(s.templates.relay, "AWS::EC2::LaunchTemplate").Properties["LaunchTemplateData"] as { UserData: { "Fn::Base64": unknown } };
    const text = renderJoin(lt.UserData["Fn::Base64"]);
    expect(text).toContain('TRIBUTARY_S3_ENDPOINT="https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com"');
    expect(text).toContain('TRIBUTARY_S3_BUCKET="tributary-media"');
    expect(text).toContain('TRIBUTARY_S3_REGION="auto"');
    // MediaConvert cannot write to R2, so the relays get no MediaConvert settings.
    expect(text).not.toContain("TRIBUTARY_MEDIACONVERT_");
    expect(text).toContain("TRIBUTARY_PUBLIC_HOST=\"ingest.example.com\"");
    s.templates.storage.hasResourceProperties("AWS::SecretsManager::Secret", { Name: "tributary/prod/r2-credentials" });
  });

  it("expires tagged recordings and subscribes the alarm e-mail", () => {
    s.templates.storage.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: "recordings-expire", ExpirationInDays: 90, TagFilters: [{ Key: "tributary:kind", Value: "recording" }] })]) },
    });
    s.templates.observability.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.com" });
  });
});
