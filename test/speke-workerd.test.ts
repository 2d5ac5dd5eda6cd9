// The SPEKE client inside workerd (miniflare), as a Workers deployment runs it: aws4fetch signs with
// WebCrypto there, and the key provider on 127.0.0.1 recomputes the signature before it answers.
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyServer, startSpekeTestServer, testKeyFor, type SpekeTestServer } from "#core-node/testing/speke-key-server.ts";
import { spekeKid } from "#core/drm/speke/speke-key-provider.ts";
import type { SpekeProviderConfig } from "#core/drm/speke/speke-config.ts";
import { bundleWorker } from "#edge/testing/worker-bundle.ts";

const aws = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "eu-west-1" };
let server: SpekeTestServer;
let mf: Miniflare;

beforeAll(async () => {
  server = await startSpekeTestServer({ aws, answer: keyServer });
  mf = new Miniflare({ modules: true, script: await bundleWorker(new URL("./support/speke-worker.ts", import.meta.url)), compatibilityDate: "2026-04-01" });
});

afterAll(async () => {
  await mf?.dispose();
  await server?.close();
});

async function ask(config: SpekeProviderConfig): Promise<Record<string, unknown>> {
  const keyRequest = { tenantId: "acme", mediaId: "live42", scheme: "cenc", period: 3 };
  const response = await mf.dispatchFetch("http://worker/", { method: "POST", body: JSON.stringify({ config, keyRequest }) });
  return (await response.json()) as Record<string, unknown>;
}

describe("SPEKE in workerd", () => {
  it("gets a key from a SigV4 provider", async () => {
    server.received.length = 0;
    const config: SpekeProviderConfig = { url: `${server.url}/speke/v2.0/copyProtection`, systems: ["widevine", "playready"], timeoutMs: 5_000, auth: { kind: "sigv4", service: "execute-api", ...aws } };
    const answer = await ask(config);
    const kid = Buffer.from(await spekeKid("acme", "live42", 3)).toString("hex");
    expect(answer).toMatchObject({ kid, key: testKeyFor(kid).toString("hex"), systems: ["widevine", "playready"] });
    expect(answer["pssh"]).toHaveLength(2);
    expect(server.received[0]?.headers["x-speke-user-agent"]).toBe("Tributary/workerd");
    expect(server.received[0]?.headers.authorization).toMatch(/\/eu-west-1\/execute-api\/aws4_request/);
  });

  it("is refused by the provider when the signature does not match", async () => {
    const config: SpekeProviderConfig = { url: `${server.url}/speke/v2.0/copyProtection`, systems: ["widevine"], timeoutMs: 5_000, auth: { kind: "sigv4", service: "execute-api", ...aws, secretAccessKey: "not-the-secret-the-provider-knows-000000" } };
    expect(await ask(config)).toMatchObject({ error: { code: "drm.key_unavailable", reason: "refused", message: expect.stringMatching(/answered 403/) } });
  });
});
