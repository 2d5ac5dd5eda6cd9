// The SPEKE v2.0 exchange against a key provider on 127.0.0.1 (no public provider is reachable from
// here): the request on the wire is the reference document with the SPEKE headers and a SigV4
// signature the server recomputes, the reference answer reads back, and every way the exchange can
// fail is one `drm.key_unavailable` naming the provider by origin and never a credential.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import { vodCbcsRequest } from "#core/drm/speke/fixtures/spec-requests.ts";
import { exchangeCpix } from "#core/drm/speke/speke-client.ts";
import type { SpekeAuth, SpekeProviderConfig } from "#core/drm/speke/speke-config.ts";
import { SPEKE_HEADERS, startSpekeTestServer, type SpekeAnswerSpec, type SpekeTestServer } from "./testing/speke-key-server.ts";

const fixture = (name: string) => readFileSync(new URL(`../src/drm/speke/fixtures/${name}`, import.meta.url), "utf8");
const request = vodCbcsRequest;

const aws = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" };
const sigv4: SpekeAuth = { kind: "sigv4", service: "execute-api", ...aws };
const ANSWERS: Record<string, SpekeAnswerSpec | "hang"> = {
  "/speke/v2.0/copyProtection": { status: 200, headers: SPEKE_HEADERS, body: fixture("vod-cbcs-response.xml") },
  "/refuses": { status: 422, headers: { "content-type": "text/plain" }, body: "Missing ContentKey@commonEncryptionScheme for KID 873f3740-2508-4a2d-94bc-9b0f86649251\n" },
  "/no-version": { status: 200, headers: { "content-type": "application/xml" }, body: fixture("vod-cbcs-response.xml") },
  "/json": { status: 200, headers: { ...SPEKE_HEADERS, "content-type": "application/json" }, body: "{}" },
  "/huge": { status: 200, headers: SPEKE_HEADERS, body: `<a>${"x".repeat(5_000)}</a>` },
  "/hangs": "hang",
  "/moved": { status: 307, headers: { location: "http://169.254.169.254/latest" }, body: "" },
};

let signed: SpekeTestServer;
let headerAuth: SpekeTestServer;

beforeAll(async () => {
  signed = await startSpekeTestServer({ aws, answer: (r) => ANSWERS[r.path] ?? { status: 404, body: "" } });
  headerAuth = await startSpekeTestServer({ header: { name: "X-Api-Key", value: "k-123456" }, answer: (r) => ANSWERS[r.path] ?? { status: 404, body: "" } });
});

afterAll(async () => {
  await signed.close();
  await headerAuth.close();
});

const config = (server: SpekeTestServer, path: string, auth: SpekeAuth = sigv4, timeoutMs = 5_000): SpekeProviderConfig => ({ url: `${server.url}${path}`, systems: request.systems, timeoutMs, auth });

async function failure(promise: Promise<unknown>): Promise<{ message: string; reason: unknown; all: string }> {
  try {
    await promise;
  } catch (error) {
    expect(isTributaryError(error, "drm.key_unavailable")).toBe(true);
    const e = error as Error & { details: Record<string, unknown> };
    return { message: e.message, reason: e.details["reason"], all: JSON.stringify({ message: e.message, details: e.details }) };
  }
  throw new Error("expected the exchange to fail");
}

describe("SPEKE exchange", () => {
  it("posts the CPIX request with the SPEKE v2 headers and a valid SigV4 signature, and reads the answer", async () => {
    signed.received.length = 0;
    const answer = await exchangeCpix(config(signed, "/speke/v2.0/copyProtection"), request, { userAgent: "Tributary/test" });
    const [sent] = signed.received;
    expect(sent?.body).toBe(fixture("vod-cbcs-request.xml"));
    expect(sent?.headers["content-type"]).toBe("application/xml");
    expect(sent?.headers["x-speke-version"]).toBe("2.0");
    expect(sent?.headers["x-speke-user-agent"]).toBe("Tributary/test");
    expect(sent?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*x-speke-version/);
    expect(answer.provider).toBe("test-key-server/1.0");
    expect(answer.keys.map((key) => key.systems.length)).toEqual([3, 3]);
  });

  it("is refused with the provider's 403 when the signature is made with another secret", async () => {
    const wrong = await failure(exchangeCpix(config(signed, "/speke/v2.0/copyProtection", { ...sigv4, secretAccessKey: "another-secret-of-forty-characters-long" }), request));
    expect(wrong.reason).toBe("refused");
    expect(wrong.message).toMatch(/http:\/\/127\.0\.0\.1:\d+ answered 403: \{"message":"The request signature we calculated/);
    expect(wrong.all).not.toContain("another-secret");
  });

  it("sends a static header for providers that take one", async () => {
    const answer = await exchangeCpix(config(headerAuth, "/speke/v2.0/copyProtection", { kind: "header", name: "X-Api-Key", value: "k-123456" }), request);
    expect(answer.keys).toHaveLength(2);
    const refused = await failure(exchangeCpix(config(headerAuth, "/speke/v2.0/copyProtection", { kind: "header", name: "X-Api-Key", value: "k-wrong" }), request));
    expect(refused.message).toMatch(/answered 401: Unauthorized$/);
    expect(refused.all).not.toContain("k-wrong");
  });

  const failures: { name: string; path: string; reason: string; message: RegExp; timeoutMs?: number }[] = [
    { name: "a SPEKE error answer, with its message", path: "/refuses", reason: "refused", message: /answered 422: Missing ContentKey@commonEncryptionScheme for KID 873f3740/ },
    { name: "an answer without X-Speke-Version", path: "/no-version", reason: "invalid_response", message: /X-Speke-Version null, not "2\.0"/ },
    { name: "an answer that is not XML", path: "/json", reason: "invalid_response", message: /answered "application\/json", not application\/xml/ },
    { name: "an answer past the size limit", path: "/huge", reason: "invalid_response", message: /answered more than 4096 bytes/ },
    { name: "a redirect, which is not followed", path: "/moved", reason: "refused", message: /answered 307$/ },
    { name: "a provider that does not answer in time", path: "/hangs", reason: "unreachable", message: /did not answer within 300 ms/, timeoutMs: 300 },
  ];
  for (const { name, path, reason, message, timeoutMs } of failures) {
    it(`fails on ${name}`, async () => {
      const failed = await failure(exchangeCpix(config(signed, path, sigv4, timeoutMs), request, { maxResponseBytes: 4096 }));
      expect(failed.reason).toBe(reason);
      expect(failed.message).toMatch(message);
      expect(failed.all).not.toContain(aws.secretAccessKey);
    });
  }

  it("names a provider it cannot reach by origin only, never by path or query", async () => {
    const failed = await failure(exchangeCpix({ ...config(signed, ""), url: "http://127.0.0.1:1/speke/token-abc123?key=secret" }, request));
    expect(failed.reason).toBe("unreachable");
    expect(failed.message).toBe("SPEKE key provider: http://127.0.0.1:1 is unreachable");
    expect(failed.all).not.toMatch(/token-abc123|secret/);
  });
});
