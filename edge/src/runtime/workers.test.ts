/**
 * The request-level suite inside workerd: `workers.ts` bundled with esbuild (as wrangler would) and run
 * by miniflare with `request.cf`, once per storage mode the deploy produces: a local R2 bucket bound as
 * `MEDIA`, and the S3 HTTP origin against s3rver. Both read the public keys the platform publishes at
 * `system/playback-jwks.json`; no JWKS is configured.
 */
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAYBACK_JWKS_KEY, publishPlaybackJwks } from "#core/tokens/keyring-store.ts";
import { publicJwks, rotateKeyring, type Keyring } from "#core/tokens/signing-keys.ts";
import { S3ObjectStore } from "#core-node/s3-object-store.ts";
import { startS3rver, type S3rverProcess } from "#core-node/testing/s3rver.ts";
import { usageRecordSchema } from "#core/usage/usage-record.ts";
import { edgeRequestSuite, type EdgeHarness } from "../testing/edge-request-suite.ts";
import { SEED } from "../testing/seed-media.ts";
import { bundleWorker } from "../testing/worker-bundle.ts";

let mf: Miniflare;
let s3Mf: Miniflare;
let s3: S3rverProcess;
let script: string;
let keyring: Keyring;
const logLines: string[] = [];
let onLogLine: (() => void) | undefined;

beforeAll(async () => {
  keyring = await rotateKeyring(undefined, "ES256", new Date());
  script = await bundleWorker(new URL("./workers.ts", import.meta.url));
  mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: "2026-04-01",
    r2Buckets: ["MEDIA"],
    bindings: { LIVE_ROUTING: "off", EDGE_CACHE: "on" },
    handleRuntimeStdio: (stdout: NodeJS.ReadableStream) => stdout.on("data", (chunk: Buffer) => {
        logLines.push(...chunk.toString().split("\n").filter(Boolean));
        onLogLine?.();
      }),
  });
  const bucket = await mf.getR2Bucket("MEDIA");
  for (const { key, body, contentType } of SEED) await bucket.put(key, body, contentType ? { httpMetadata: { contentType } } : {});
  await bucket.put(PLAYBACK_JWKS_KEY, JSON.stringify(publicJwks(keyring.keys)));

  s3 = await startS3rver();
  const store = new S3ObjectStore({ bucket: s3.bucket, region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
  for (const { key, body, contentType } of SEED) await store.put(key, body, contentType ? { contentType } : {});
  await publishPlaybackJwks(store, keyring);
  s3Mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: "2026-04-01",
    bindings: {
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      LIVE_ROUTING: "on",
      EDGE_CACHE: "on",
    },
  });
});

afterAll(async () => {
  await mf?.dispose();
  await s3Mf?.dispose();
  await s3?.stop();
});

const harness: EdgeHarness = {
  get keyring() {
    return keyring;
  },
  request: async (path, init = {}) => {
    const response = await mf.dispatchFetch(`http://edge.test${path}`, {
      method: init.method ?? "GET",
      headers: { "cf-connecting-ip": "192.0.2.10", ...init.headers },
      cf: { country: (init.country ?? "US") as "US" },
    });
    return response as unknown as Response;
  },
};

edgeRequestSuite("workerd (R2 binding)", () => harness);

const s3Harness: EdgeHarness = {
  get keyring() {
    return keyring;
  },
  request: async (path, init = {}) => {
    const response = await s3Mf.dispatchFetch(`http://edge.test${path}`, {
      method: init.method ?? "GET",
      headers: { "cf-connecting-ip": "192.0.2.10", ...init.headers },
      cf: { country: (init.country ?? "US") as "US" },
    });
    return response as unknown as Response;
  },
};

edgeRequestSuite("workerd (S3 HTTP origin)", () => s3Harness);

describe("Workers edge specifics", () => {
  it("takes a PLAYBACK_JWKS override, and refuses one carrying a private key", async () => {
    const other = await rotateKeyring(undefined, "ES256", new Date());
    const pinned = (jwks: unknown) =>
      new Miniflare({ modules: true, script, compatibilityDate: "2026-04-01", r2Buckets: ["MEDIA"], bindings: { PLAYBACK_JWKS: JSON.stringify(jwks), EDGE_CACHE: "off" } });
    const { signPlaybackToken } = await import("#core/tokens/sign.ts");
    const { activeKey } = await import("#core/tokens/signing-keys.ts");
    const token = await signPlaybackToken(activeKey(keyring), { mediaId: "media1", expiresAt: Math.floor(Date.now() / 1000) + 60 }, Date.now());
    const override = pinned(publicJwks(other.keys));
    const leaky = pinned({ keys: [other.keys[0]?.privateJwk] });
    try {
      const unknownKey = await override.dispatchFetch(`http://edge.test/p/${token}/media1/720p/index.m3u8`);
      expect(unknownKey.status).toBe(401);
      await unknownKey.arrayBuffer();
      const refused = await leaky.dispatchFetch(`http://edge.test/p/${token}/media1/720p/index.m3u8`);
      expect(refused.status).toBe(500);
      await refused.arrayBuffer();
    } finally {
      await Promise.all([override.dispose(), leaky.dispose()]);
    }
  });

  it("puts the media seconds the playlist lists, the tier and a session id on the Logpush line", async () => {
    const { signPlaybackToken } = await import("#core/tokens/sign.ts");
    const { activeKey } = await import("#core/tokens/signing-keys.ts");
    const token = await signPlaybackToken(activeKey(keyring), { mediaId: "media1", expiresAt: Math.floor(Date.now() / 1000) + 60, tenantId: "tenant1" }, Date.now());
    const before = logLines.length;
    const cmcd = encodeURIComponent('ot=v,sid="player-7"');
    const response = await harness.request(`/p/${token}/media1/720p/0.m4s?CMCD=${cmcd}`, { country: "SE" });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const line = await usageLine(before, (record) => record["kind"] === "segment");
    const { type, ...record } = JSON.parse(line) as Record<string, unknown>;
    expect(type).toBe("usage");
    expect(usageRecordSchema.parse(record)).toMatchObject({ source: "edge", tenantId: "tenant1", kind: "segment", rendition: "720p", bytes: 1000, mediaSeconds: 2, tier: "HD", sessionId: "player-7", country: "SE" });
  });

  it("logs usage records as structured JSON lines for Logpush", async () => {
    const before = logLines.length;
    const response = await harness.request("/p/not-a-token/media1/720p/0.m4s", { country: "SE" });
    expect(response.status).toBe(401);
    await response.arrayBuffer();
    // stdout is piped from the workerd process; the line arrives with or shortly after the response.
    const line = await new Promise<string>((resolve) => {
      const check = () => {
        const found = logLines.slice(before).find((l) => l.includes('"type":"usage"'));
        if (found) resolve(found);
      };
      onLogLine = check;
      check();
    });
    expect(JSON.parse(line)).toMatchObject({ type: "usage", source: "edge", mediaId: "media1", kind: "segment", status: 401, country: "SE", cacheHit: false });
  });
});

/** The first usage line logged after `before` that `match` accepts; stdout arrives with or shortly after the response. */
function usageLine(before: number, match: (record: Record<string, unknown>) => boolean): Promise<string> {
  return new Promise<string>((resolve) => {
    const check = () => {
      const found = logLines.slice(before).find((l) => l.includes('"type":"usage"') && match(JSON.parse(l) as Record<string, unknown>));
      if (found) resolve(found);
    };
    onLogLine = check;
    check();
  });
}
