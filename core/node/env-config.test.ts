import { describe, expect, it } from "vitest";
import { isTributaryError } from "../src/errors.ts";
import { configFromEnv } from "./env-config.ts";

describe("configFromEnv", () => {
  it("applies defaults", () => {
    const config = configFromEnv({});
    expect(config.role).toBe("all");
    expect(config.edge.port).toBe(8787);
    expect(config.relay.rtmpPort).toBe(1935);
    expect(config.storage).toBeUndefined();
    expect(config.webhooks.allowPrivateTargets).toBe(false);
  });

  it("allows private webhook targets only when asked", () => {
    expect(configFromEnv({ TRIBUTARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS: "true" }).webhooks.allowPrivateTargets).toBe(true);
    expect(configFromEnv({ TRIBUTARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS: "0" }).webhooks.allowPrivateTargets).toBe(false);
    expect(() => configFromEnv({ TRIBUTARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS: "yes" })).toThrow(/webhooks.allowPrivateTargets/);
  });

  it("takes default prices as JSON, filling what is left out, and refuses fractional micro-units", () => {
    const config = configFromEnv({ TRIBUTARY_BILLING_PRICES: '{"egressGigabyte": 20000, "deliveredMinute": {"UHD": 3000}}', TRIBUTARY_BILLING_QUERY_MEMORY_LIMIT: "1GB" });
    expect(config.billing.prices).toMatchObject({ currency: "USD", egressGigabyte: 20_000, deliveredMinute: { SD: 500, HD: 1_000, UHD: 3_000 } });
    expect(config.billing.queryMemoryLimit).toBe("1GB");
    expect(() => configFromEnv({ TRIBUTARY_BILLING_PRICES: '{"egressGigabyte": 0.5}' })).toThrow(/billing.prices.egressGigabyte/);
    expect(() => configFromEnv({ TRIBUTARY_BILLING_PRICES: "cheap" })).toThrow(/billing.prices/);
  });

  it("selects the VOD backend: local by default, MediaConvert with the Transcode stack's outputs", () => {
    expect(configFromEnv({}).vod.backend).toBe("local");
    const config = configFromEnv({
      TRIBUTARY_VOD_BACKEND: "mediaconvert",
      TRIBUTARY_MEDIACONVERT_REGION: "eu-west-1",
      TRIBUTARY_MEDIACONVERT_JOB_TEMPLATE: "tributary-prod-cmaf-ladder",
      TRIBUTARY_MEDIACONVERT_ROLE_ARN: "arn:aws:iam::123456789012:role/tributary-mediaconvert",
      TRIBUTARY_MEDIACONVERT_QUEUE_ARN: "arn:aws:mediaconvert:eu-west-1:123456789012:queues/tributary-prod",
    });
    expect(config.vod.backend).toBe("mediaconvert");
    expect(config.vod.mediaConvert).toEqual({ region: "eu-west-1", jobTemplate: "tributary-prod-cmaf-ladder", roleArn: "arn:aws:iam::123456789012:role/tributary-mediaconvert", queueArn: "arn:aws:mediaconvert:eu-west-1:123456789012:queues/tributary-prod" });
    expect(() => configFromEnv({ TRIBUTARY_VOD_BACKEND: "mediaconvert" })).toThrow(/vod.mediaConvert/);
    expect(() => configFromEnv({ TRIBUTARY_VOD_BACKEND: "elemental" })).toThrow(/vod.backend/);
    expect(() => configFromEnv({ TRIBUTARY_VOD_BACKEND: "mediaconvert", TRIBUTARY_MEDIACONVERT_REGION: "eu-west-1", TRIBUTARY_MEDIACONVERT_JOB_TEMPLATE: "t", TRIBUTARY_MEDIACONVERT_ROLE_ARN: "role" })).toThrow(/vod.mediaConvert.roleArn/);
  });

  it("maps variables onto the typed object", () => {
    const config = configFromEnv({ TRIBUTARY_STORAGE: "s3", TRIBUTARY_S3_BUCKET: "media-bucket", TRIBUTARY_S3_FORCE_PATH_STYLE: "true", TRIBUTARY_EDGE_PORT: "9000" });
    expect(config.storage).toEqual({ kind: "s3", bucket: "media-bucket", region: "us-east-1", forcePathStyle: true, prefix: "" });
    expect(config.edge.port).toBe(9000);
  });

  it("maps the Secrets Manager ARNs a relay on AWS is started with", () => {
    const adminArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/admin-key-AbCdEf";
    const r2Arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/r2-credentials-StUvWx";
    const config = configFromEnv({
      TRIBUTARY_STORAGE: "s3",
      TRIBUTARY_S3_BUCKET: "tributary-media",
      TRIBUTARY_S3_REGION: "auto",
      TRIBUTARY_S3_ENDPOINT: "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
      TRIBUTARY_S3_CREDENTIALS_SECRET_ARN: r2Arn,
      TRIBUTARY_SECRETS_ARN: adminArn,
    });
    expect(config.secretsArn).toBe(adminArn);
    expect(config.storage).toMatchObject({ kind: "s3", region: "auto", credentialsSecretArn: r2Arn });
  });

  it("names the Athena workgroup and usage database usage queries run on, all three or none", () => {
    const athena = { TRIBUTARY_ATHENA_REGION: "eu-west-1", TRIBUTARY_ATHENA_WORKGROUP: "tributary-prod-usage", TRIBUTARY_ATHENA_DATABASE: "tributary_prod_usage" };
    expect(configFromEnv(athena).athena).toEqual({ region: "eu-west-1", workGroup: "tributary-prod-usage", database: "tributary_prod_usage" });
    expect(configFromEnv({}).athena).toBeUndefined();
    expect(() => configFromEnv({ TRIBUTARY_ATHENA_WORKGROUP: "tributary-prod-usage" })).toThrow(/athena.region[\s\S]*athena.database|athena.database[\s\S]*athena.region/);
    expect(() => configFromEnv({ ...athena, TRIBUTARY_ATHENA_DATABASE: "Tributary-Usage" })).toThrow(/athena.database: a Glue database name/);
  });

  it("refuses a secret ARN that is not one, and storage credentials on filesystem storage", () => {
    expect(() => configFromEnv({ TRIBUTARY_SECRETS_ARN: "tributary/prod/admin-key" })).toThrow(/secretsArn: a Secrets Manager secret ARN/);
    expect(() => configFromEnv({ TRIBUTARY_STORAGE: "fs", TRIBUTARY_FS_ROOT: "/srv", TRIBUTARY_S3_CREDENTIALS_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x" })).toThrow(
      /credentialsSecretArn/,
    );
  });

  it("reports every problem together", () => {
    try {
      configFromEnv({ TRIBUTARY_ROLE: "viewer", TRIBUTARY_EDGE_PORT: "99999", TRIBUTARY_STORAGE: "s3" });
      expect.unreachable();
    } catch (error) {
      expect(isTributaryError(error, "config.invalid")).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain("role");
      expect(message).toContain("edge.port");
      expect(message).toContain("storage.bucket");
    }
  });

  it("refuses unknown variables and unknown keys", () => {
    expect(() => configFromEnv({ TRIBUTARY_EDGE_PROT: "1" })).toThrow(/TRIBUTARY_EDGE_PROT/);
    expect(() => configFromEnv({ TRIBUTARY_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x" })).toThrow(/TRIBUTARY_SECRET_ARN/);
    expect(() => configFromEnv({}, { edge: { prot: 1 } })).toThrow(/prot/);
  });
});
