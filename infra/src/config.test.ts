import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.ts";

function problems(context: Record<string, unknown>): string[] {
  try {
    parseConfig(context);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseConfig", () => {
  it("fills defaults", () => {
    expect(parseConfig({})).toEqual({
      env: "dev",
      account: undefined,
      region: undefined,
      instanceType: "c7g.xlarge",
      architecture: "arm64",
      domainName: undefined,
      certificateArn: undefined,
      alarmEmail: undefined,
      minRelays: 2,
      maxRelays: 6,
      uploadOrigins: ["*"],
      recordingRetentionDays: undefined,
      r2: undefined,
      vodBackend: "local",
    });
  });

  it("transcodes with MediaConvert when asked, but not in R2 mode", () => {
    expect(parseConfig({ vodBackend: "mediaconvert" }).vodBackend).toBe("mediaconvert");
    expect(() => parseConfig({ vodBackend: "mediaconvert", r2AccountId: "0".repeat(32), r2Bucket: "media" })).toThrow(/vodBackend: MediaConvert cannot write to R2/);
    expect(() => parseConfig({ vodBackend: "elemental" })).toThrow(/vodBackend/);
  });

  it("coerces CLI strings and picks the x86 default instance type", () => {
    const config = parseConfig({ minRelays: "3", maxRelays: "9", architecture: "x86_64", uploadOrigins: "https://a.example, https://b.example" });
    expect(config).toMatchObject({ minRelays: 3, maxRelays: 9, instanceType: "c7i.xlarge", uploadOrigins: ["https://a.example", "https://b.example"] });
  });

  it("derives the R2 endpoint", () => {
    expect(parseConfig({ r2AccountId: "0123456789abcdef0123456789abcdef", r2Bucket: "media" }).r2).toEqual({
      accountId: "0123456789abcdef0123456789abcdef",
      bucket: "media",
      endpoint: "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
    });
  });

  it("ignores CDK's own context keys", () => {
    expect(() => parseConfig({ "@aws-cdk/core:newStyleStackSynthesis": true, "aws:cdk:enable-path-metadata": true, "acknowledged-issue-numbers": [] })).not.toThrow();
  });

  it("reports every problem together", () => {
    expect(
      problems({
        env: "Prod!",
        minRelays: "4",
        maxRelays: "2",
        architecture: "arm64",
        instanceType: "c7i.large",
        alarmEmail: "not-an-email",
        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
        r2Bucket: "media",
        minRelay: "3",
      }),
    ).toEqual([
      "minRelay: unknown context key (known: env, account, region, instanceType, architecture, domainName, certificateArn, alarmEmail, minRelays, maxRelays, uploadOrigins, recordingRetentionDays, r2AccountId, r2Bucket, vodBackend)",
      "env: lower-case letters, digits and dashes, at most 16",
      "alarmEmail: Invalid email address",
      "maxRelays: must be at least minRelays (4)",
      "instanceType: c7i.large does not run arm64",
      "r2Bucket: R2 mode needs both r2AccountId and r2Bucket",
      "domainName: a certificate needs the domainName it was issued for",
    ]);
  });
});
