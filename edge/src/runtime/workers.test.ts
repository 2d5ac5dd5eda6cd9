/**
 * The request-level suite inside workerd: `workers.ts` bundled with esbuild (as wrangler would) and run
 * by miniflare with a local R2 bucket seeded here, the JWKS as a secret binding, and `request.cf`.
 */
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicJwks, rotateKeyring, type Keyring } from "#core/tokens/signing-keys.ts";
import { edgeRequestSuite, type EdgeHarness } from "../testing/edge-request-suite.ts";
import { SEED } from "../testing/seed-media.ts";

let mf: Miniflare;
let keyring: Keyring;
const logLines: string[] = [];
let onLogLine: (() => void) | undefined;

beforeAll(async () => {
  keyring = await rotateKeyring(undefined, "ES256", new Date());
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./workers.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["browser", "module", "main"],
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]?.text ?? "",
    compatibilityDate: "2026-04-01",
    r2Buckets: ["MEDIA"],
    bindings: { PLAYBACK_JWKS: JSON.stringify(publicJwks(keyring.keys)), LIVE_ROUTING: "off", EDGE_CACHE: "on" },
    handleRuntimeStdio: (stdout: NodeJS.ReadableStream) => stdout.on("data", (chunk: Buffer) => {
        logLines.push(...chunk.toString().split("\n").filter(Boolean));
        onLogLine?.();
      }),
  });
  const bucket = await mf.getR2Bucket("MEDIA");
  for (const { key, body, contentType } of SEED) await bucket.put(key, body, contentType ? { httpMetadata: { contentType } } : {});
});

afterAll(async () => {
  await mf?.dispose();
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

edgeRequestSuite("workerd", () => harness);

describe("Workers edge specifics", () => {
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
