import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { StackOutputs } from "./wrangler-config.ts";
import { API_RATE_LIMIT } from "../../edge/src/runtime/workers-rate-limit.ts";
import { edgeConfigFromOutputs, MissingOutputError, WORKER_BASE } from "./wrangler-config.ts";

const MAIN = "../edge/src/runtime/workers.ts";
const PATHS = { main: MAIN, assets: "../edge/dist/assets" };
const outputs: StackOutputs = {
  "Tributary-prod-Storage": {
    MediaBucketName: "tributary-prod-media-123456789012-eu-west-1",
    Region: "eu-west-1",
    AdminKeySecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/admin-key-AbCdEf",
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

const r2Outputs: StackOutputs = {
  ...outputs,
  "Tributary-prod-Storage": {
    ...outputs["Tributary-prod-Storage"],
    R2Bucket: "tributary-media",
    R2Endpoint: "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
    R2CredentialsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/prod/r2-credentials-StUvWx",
  },
};

/** The names edge/src/runtime/workers.ts and workers-storage.ts read from `env`. */
function workerEnvNames(): Set<string> {
  const source = ["workers.ts", "workers-storage.ts"].map((f) => readFileSync(new URL(`../../edge/src/runtime/${f}`, import.meta.url), "utf8")).join("\n");
  return new Set([...source.matchAll(/^\s+([A-Z][A-Z0-9_]+)\?: /gm)].map((m) => m[1] ?? ""));
}

describe("edgeConfigFromOutputs", () => {
  it("S3 mode: the bucket's S3 API as vars, the edge's read-only key pair as secret references", () => {
    expect(edgeConfigFromOutputs(outputs, "prod", PATHS)).toEqual({
      wrangler: {
        name: "tributary-edge-prod",
        main: MAIN,
        compatibility_date: WORKER_BASE.compatibility_date,
        logpush: true,
        observability: { enabled: true },
        vars: {
          LIVE_ROUTING: "on",
          EDGE_CACHE: "on",
          S3_ENDPOINT: "https://s3.eu-west-1.amazonaws.com",
          S3_BUCKET: "tributary-prod-media-123456789012-eu-west-1",
          S3_REGION: "eu-west-1",
        },
        build: { command: "node edge/scripts/build-assets.ts" },
        assets: { directory: "../edge/dist/assets", binding: "ASSETS", run_worker_first: true },
        ratelimits: [{ name: "API_RATE_LIMIT", namespace_id: WORKER_BASE.rateLimitNamespace("prod"), simple: { limit: 600, period: 60 } }],
      },
      secrets: [
        { name: "S3_ACCESS_KEY_ID", secretArn: outputs["Tributary-prod-Storage"]?.["EdgeCredentialsSecretArn"], field: "accessKeyId" },
        { name: "S3_SECRET_ACCESS_KEY", secretArn: outputs["Tributary-prod-Storage"]?.["EdgeCredentialsSecretArn"], field: "secretAccessKey" },
      ],
    });
  });

  it("R2 mode: the R2 bucket bound as MEDIA, the API's ingest settings from the relay outputs, no S3 vars and no secrets", () => {
    const config = edgeConfigFromOutputs(r2Outputs, "prod", PATHS);
    expect(config.wrangler.r2_buckets).toEqual([{ binding: "MEDIA", bucket_name: "tributary-media" }]);
    expect(config.wrangler.vars).toEqual({ LIVE_ROUTING: "on", EDGE_CACHE: "on", INGEST_HOST: "ingest.example.com", RTMP_PORT: "1935", RTMPS_PORT: "443", SRT_PORT: "9000" });
    expect(config.secrets).toEqual([]);
  });

  it("R2 mode needs the relay's ingest outputs, each URL with its port", () => {
    const storageOnly = { "Tributary-prod-Storage": r2Outputs["Tributary-prod-Storage"] ?? {} };
    expect(() => edgeConfigFromOutputs(storageOnly, "prod", PATHS)).toThrow(/IngestHost, IngestRtmpUrl, IngestRtmpsUrl, IngestSrtUrl/);
    const portless = { ...r2Outputs, "Tributary-prod-Relay": { ...outputs["Tributary-prod-Relay"], IngestSrtUrl: "srt://ingest.example.com" } };
    expect(() => edgeConfigFromOutputs(portless, "prod", PATHS)).toThrow(/IngestSrtUrl \(srt:\/\/ingest.example.com\) names no port/);
  });

  it("produces only names the Workers entry reads", () => {
    const read = workerEnvNames();
    expect(read).toEqual(
      new Set([
        ...["MEDIA", "S3_ENDPOINT", "S3_BUCKET", "S3_REGION", "S3_PREFIX", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "PLAYBACK_JWKS", "LIVE_ROUTING", "EDGE_CACHE"],
        ...["INGEST_HOST", "RTMP_PORT", "RTMPS_PORT", "SRT_PORT", "PUBLIC_URL", "ASSETS", "API_RATE_LIMIT", "CONTENT_KEY_MASTER"],
      ]),
    );
    for (const config of [edgeConfigFromOutputs(outputs, "prod", PATHS), edgeConfigFromOutputs(r2Outputs, "prod", PATHS)]) {
      const produced = [...Object.keys(config.wrangler.vars), ...config.secrets.map((s) => s.name), ...(config.wrangler.r2_buckets ?? []).map((b) => b.binding), config.wrangler.assets.binding, ...config.wrangler.ratelimits.map((r) => r.name)];
      for (const name of produced) expect(read).toContain(name);
    }
  });

  it("agrees with edge/wrangler.toml on the entry, compatibility date, build step and assets, and names only vars the Worker reads", () => {
    const toml = readFileSync(new URL("../../edge/wrangler.toml", import.meta.url), "utf8");
    const vars = toml.slice(toml.indexOf("[vars]"), toml.indexOf("\n[", toml.indexOf("[vars]") + 1));
    const names = [...vars.matchAll(/^([A-Z][A-Z0-9_]+) = /gm)].map((m) => m[1] ?? "");
    expect(names).toEqual(["LIVE_ROUTING", "EDGE_CACHE", "INGEST_HOST", "RTMP_PORT", "RTMPS_PORT", "SRT_PORT", "PUBLIC_URL"]);
    for (const name of names) expect(workerEnvNames()).toContain(name);
    expect(toml).toMatch(new RegExp(`^name = "${WORKER_BASE.name}"$`, "m"));
    expect(toml).toMatch(new RegExp(`^main = "${WORKER_BASE.main}"$`, "m"));
    expect(toml).toMatch(new RegExp(`^compatibility_date = "${WORKER_BASE.compatibility_date}"$`, "m"));
    expect(toml).toContain(`[build]\ncommand = "${WORKER_BASE.build.command}"\n`);
    expect(toml).toContain(`[assets]\ndirectory = "${WORKER_BASE.assetsDirectory}"\nbinding = "ASSETS"\n`);
    expect(toml).toMatch(/^run_worker_first = true$/m);
    expect(toml).toContain(`[[ratelimits]]\nname = "API_RATE_LIMIT"\nnamespace_id = "1001"\nsimple = { limit = ${API_RATE_LIMIT.limit}, period = ${API_RATE_LIMIT.periodSeconds} }\n`);
    expect(new Set(["dev", "staging", "prod"].map(WORKER_BASE.rateLimitNamespace)).size).toBe(3);
  });

  it("names every missing output", () => {
    expect(() => edgeConfigFromOutputs({ "Tributary-staging-Storage": { MediaBucketName: "b" } }, "staging", PATHS)).toThrow(MissingOutputError);
    expect(() => edgeConfigFromOutputs({}, "prod", PATHS)).toThrow(/Region, MediaBucketName, EdgeCredentialsSecretArn/);
  });
});
