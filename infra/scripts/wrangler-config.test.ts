import { describe, expect, it } from "vitest";
import type { StackOutputs } from "./wrangler-config.ts";
import { edgeConfigFromOutputs, MissingOutputError, wranglerVarArgs } from "./wrangler-config.ts";

const outputs: StackOutputs = {
  "Tributary-prod-Storage": {
    MediaBucketName: "tributary-prod-media-123456789012-eu-west-1",
    Region: "eu-west-1",
    AdminKeySecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/admin-key-AbCdEf",
    SigningSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/signing-secret-GhIjKl",
    EdgeCredentialsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/edge-s3-credentials-MnOpQr",
  },
  "Tributary-prod-Relay": {
    RelayOriginHost: "Tribu-LoadB-1.elb.eu-west-1.amazonaws.com",
    RelayOriginUrl: "http://ingest.example.com:8080",
    IngestHost: "ingest.example.com",
    IngestRtmpUrl: "rtmp://ingest.example.com:1935/live",
    IngestRtmpsUrl: "rtmps://ingest.example.com:443/live",
    IngestSrtUrl: "srt://ingest.example.com:9000",
  },
  "Tributary-staging-Storage": { MediaBucketName: "other-bucket" },
};

describe("edgeConfigFromOutputs", () => {
  it("maps S3-mode outputs to vars and secret references", () => {
    expect(edgeConfigFromOutputs(outputs, "prod")).toEqual({
      vars: {
        TRIBUTARY_STORAGE: "s3",
        TRIBUTARY_S3_BUCKET: "tributary-prod-media-123456789012-eu-west-1",
        TRIBUTARY_S3_REGION: "eu-west-1",
        TRIBUTARY_RELAY_ORIGIN: "http://ingest.example.com:8080",
        TRIBUTARY_INGEST_HOST: "ingest.example.com",
        TRIBUTARY_INGEST_RTMP_URL: "rtmp://ingest.example.com:1935/live",
        TRIBUTARY_INGEST_RTMPS_URL: "rtmps://ingest.example.com:443/live",
        TRIBUTARY_INGEST_SRT_URL: "srt://ingest.example.com:9000",
      },
      secrets: [
        { name: "TRIBUTARY_ADMIN_KEY", secretArn: outputs["Tributary-prod-Storage"]?.["AdminKeySecretArn"], field: "adminKey" },
        { name: "TRIBUTARY_SIGNING_SECRET", secretArn: outputs["Tributary-prod-Storage"]?.["SigningSecretArn"], field: "signingSecret" },
        { name: "TRIBUTARY_S3_ACCESS_KEY_ID", secretArn: outputs["Tributary-prod-Storage"]?.["EdgeCredentialsSecretArn"], field: "accessKeyId" },
        { name: "TRIBUTARY_S3_SECRET_ACCESS_KEY", secretArn: outputs["Tributary-prod-Storage"]?.["EdgeCredentialsSecretArn"], field: "secretAccessKey" },
      ],
    });
  });

  it("uses the R2 bucket, endpoint and token in R2 mode", () => {
    const r2: StackOutputs = {
      ...outputs,
      "Tributary-prod-Storage": {
        ...outputs["Tributary-prod-Storage"],
        R2Bucket: "tributary-media",
        R2Endpoint: "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
        R2CredentialsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/r2-credentials-StUvWx",
      },
    };
    const config = edgeConfigFromOutputs(r2, "prod");
    expect(config.vars).toMatchObject({ TRIBUTARY_S3_BUCKET: "tributary-media", TRIBUTARY_S3_REGION: "auto", TRIBUTARY_S3_ENDPOINT: "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com" });
    expect(config.secrets.filter((s) => s.name.startsWith("TRIBUTARY_S3_")).map((s) => s.secretArn)).toEqual([
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/r2-credentials-StUvWx",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/r2-credentials-StUvWx",
    ]);
  });

  it("names every missing output", () => {
    expect(() => edgeConfigFromOutputs({ "Tributary-staging-Storage": { MediaBucketName: "b", Region: "eu-west-1" } }, "staging")).toThrow(MissingOutputError);
    expect(() => edgeConfigFromOutputs({}, "prod")).toThrow(/Region, MediaBucketName, RelayOriginUrl/);
  });
});

describe("wranglerVarArgs", () => {
  it("renders wrangler's --var KEY:VALUE pairs", () => {
    expect(wranglerVarArgs({ A: "1", B: "http://h:8080" })).toEqual(["--var", "A:1", "--var", "B:http://h:8080"]);
  });
});
