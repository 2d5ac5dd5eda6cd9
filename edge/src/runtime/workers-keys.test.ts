/**
 * Key delivery inside workerd: the bundled Workers entry with `CONTENT_KEY_MASTER` opens content keys
 * a Node process sealed (WebCrypto on both sides), from the R2 binding.
 */
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "#core/clock.ts";
import { kidHex, type ContentKey } from "#core/drm/content-key.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import { localKeyProvider } from "#core/drm/local-key-provider.ts";
import { importMasterKey } from "#core/drm/master-key.ts";
import { bodyBytes } from "#core/storage/object-body.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { PLAYBACK_JWKS_KEY } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey, publicJwks, rotateKeyring, type Keyring } from "#core/tokens/signing-keys.ts";
import { bundleWorker } from "../testing/worker-bundle.ts";

const MASTER = "workerd-test-master-secret-0123456789abcdef";
let mf: Miniflare;
let keyring: Keyring;
let key: ContentKey;

beforeAll(async () => {
  keyring = await rotateKeyring(undefined, "ES256", new Date());
  const sealed = new MemoryObjectStore();
  key = await new ContentKeyStore(sealed, await importMasterKey(MASTER), systemClock).periodKey({ tenantId: "local", mediaId: "media1", scheme: "aes-128", period: 0 }, localKeyProvider());
  mf = new Miniflare({
    modules: true,
    script: await bundleWorker(new URL("./workers.ts", import.meta.url)),
    compatibilityDate: "2026-04-01",
    r2Buckets: ["MEDIA"],
    bindings: { LIVE_ROUTING: "off", EDGE_CACHE: "off", CONTENT_KEY_MASTER: MASTER },
  });
  const bucket = await mf.getR2Bucket("MEDIA");
  await bucket.put(PLAYBACK_JWKS_KEY, JSON.stringify(publicJwks(keyring.keys)));
  for (const { key: name } of (await sealed.list({ prefix: "content-keys/" })).objects) {
    const object = await sealed.get(name);
    if (object !== undefined) await bucket.put(name, await bodyBytes(object.body));
  }
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

const token = (mediaId: string) => signPlaybackToken(activeKey(keyring), { mediaId, expiresAt: Math.floor(Date.now() / 1000) + 300 });
const request = async (path: string) => (await mf.dispatchFetch(`http://edge.test${path}`, { headers: { "cf-connecting-ip": "192.0.2.10" } })) as unknown as Response;

describe("key delivery on Workers", () => {
  it("returns the raw key a Node process sealed, no-store", async () => {
    const response = await request(`/k/${await token("media1")}/media1/${kidHex(key.kid)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(key.key);
  });

  it("refuses no token, another media's token and an unknown kid", async () => {
    expect((await request(`/k/media1/${kidHex(key.kid)}`)).status).toBe(401);
    expect((await request(`/k/${await token("media2")}/media1/${kidHex(key.kid)}`)).status).toBe(403);
    expect((await request(`/k/${await token("media1")}/media1/${"0".repeat(32)}`)).status).toBe(404);
  });
});
