import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { base64url } from "#core/crypto/bytes.ts";
import { kidHex, type ContentKey } from "#core/drm/content-key.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import { localKeyProvider } from "#core/drm/local-key-provider.ts";
import { importMasterKey } from "#core/drm/master-key.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { staticPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey, publicJwks, rotateKeyring, type Keyring } from "#core/tokens/signing-keys.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { createEdgeApp } from "../app.ts";

const clock = new ManualClock(Date.UTC(2026, 10, 26, 12));
const nowS = () => Math.floor(clock.now() / 1000);
const store = new MemoryObjectStore({ clock });
const usage: UsageRecord[] = [];
let ring: Keyring;
let app: ReturnType<typeof createEdgeApp>;
let key: ContentKey;
let rotated: ContentKey;
let otherMediaKey: ContentKey;

const token = (mediaId = "media1", extra: Partial<Parameters<typeof signPlaybackToken>[1]> = {}) =>
  signPlaybackToken(activeKey(ring), { mediaId, expiresAt: nowS() + 300, ...extra }, clock.now());

beforeAll(async () => {
  ring = await rotateKeyring(undefined, "ES256", new Date(clock.now()));
  const keyStore = new ContentKeyStore(store, await importMasterKey("a-master-secret-of-sufficient-length!"), clock);
  const provider = localKeyProvider();
  key = await keyStore.periodKey({ tenantId: "local", mediaId: "media1", scheme: "aes-128", period: 0 }, provider);
  rotated = await keyStore.periodKey({ tenantId: "local", mediaId: "media1", scheme: "aes-128", period: 1 }, provider);
  otherMediaKey = await keyStore.periodKey({ tenantId: "local", mediaId: "media2", scheme: "aes-128", period: 0 }, provider);
  app = createEdgeApp({
    store,
    keys: staticPlaybackKeys(publicJwks(ring.keys)),
    clock,
    contentKeys: keyStore,
    usage: { record: (r) => usage.push(r), flush: async () => {} },
    viewer: (c) => ({ ip: c.req.header("x-test-ip"), country: undefined, referrer: undefined }),
  });
});

const keyUrl = (t: string, kid: ContentKey = key, mediaId = "media1") => `/k/${t}/${mediaId}/${kidHex(kid.kid)}`;

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("key delivery", () => {
  it("returns the raw 16-byte key, uncacheable and readable from any origin, metered as a key", async () => {
    usage.length = 0;
    const response = await app.request(keyUrl(await token()), { headers: { origin: "https://player.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(key.key);
    expect(usage).toEqual([expect.objectContaining({ kind: "key", mediaId: "media1", status: 200, bytes: 16, source: "edge" })]);
  });

  it("answers each key period's kid with its own key", async () => {
    const response = await app.request(keyUrl(await token(), rotated));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(rotated.key);
  });

  it.each([
    ["no token", async () => `/k/media1/${kidHex(key.kid)}`, 401, "token.missing"],
    ["an empty token", async () => `/k//media1/${kidHex(key.kid)}`, 401, "token.missing"],
    ["a token for another media", async () => keyUrl(await token("media2")), 403, "token.wrong_media"],
    ["an expired token", async () => keyUrl(await token("media1", { expiresAt: nowS() - 60 })), 401, "token.expired"],
    ["a forged token", async () => keyUrl(`${(await token()).slice(0, -4)}AAAA`), 401, "token.invalid"],
    ["an unknown kid", async () => `/k/${await token()}/media1/${"ab".repeat(16)}`, 404, "request.not_found"],
    ["another media's kid under this media", async () => keyUrl(await token(), otherMediaKey), 404, "request.not_found"],
    ["a malformed kid", async () => `/k/${await token()}/media1/not-a-kid`, 404, "request.not_found"],
    ["a viewer outside the token's IP rule", async () => keyUrl(await token("media1", { rules: { ip: ["10.0.0.0/8"] } })), 403, "access.ip_denied"],
  ])("refuses %s with %i", async (_name, url, status, code) => {
    const response = await app.request(await url(), { headers: { "x-test-ip": "192.0.2.1" } });
    expect(response.status).toBe(status);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await errorCode(response)).toBe(code);
  });

  it("answers a POSTed ClearKey license request with a JWK set of the kids it names", async () => {
    const t = await token();
    const body = JSON.stringify({ kids: [base64url(key.kid), base64url(rotated.kid)], type: "temporary" });
    const response = await app.request(`/k/${t}/media1/license`, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      keys: [
        { kty: "oct", kid: base64url(key.kid), k: base64url(key.key) },
        { kty: "oct", kid: base64url(rotated.kid), k: base64url(rotated.key) },
      ],
      type: "temporary",
    });
    const foreign = JSON.stringify({ kids: [base64url(otherMediaKey.kid)] });
    expect((await app.request(`/k/${t}/media1/license`, { method: "POST", body: foreign })).status).toBe(404);
    expect((await app.request(`/k/${t}/media1/license`, { method: "POST", body: "{}" })).status).toBe(400);
    expect((await app.request(`/k/${t}/media1/license`, { method: "POST", body: "x".repeat(5000) })).status).toBe(413);
  });

  it("answers a GET asking for JSON with that kid's ClearKey license", async () => {
    const t = await token();
    for (const init of [{ headers: { accept: "application/json" } }, {}]) {
      const url = "headers" in init ? keyUrl(t) : `${keyUrl(t)}?format=jwk`;
      const response = await app.request(url, init);
      expect(await response.json()).toEqual({ keys: [{ kty: "oct", kid: base64url(key.kid), k: base64url(key.key) }], type: "temporary" });
    }
  });

  it("answers preflights for license POSTs", async () => {
    const response = await app.request(keyUrl(await token()), { method: "OPTIONS", headers: { origin: "https://player.example", "access-control-request-method": "POST" } });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  });
});
