import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { isTributaryError } from "../errors.ts";
import { bodyBytes } from "../storage/object-body.ts";
import { keys } from "../storage/keys.ts";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { kidHex } from "./content-key.ts";
import { ContentKeyStore } from "./content-key-store.ts";
import type { KeyProvider } from "./key-provider.ts";
import { localKeyProvider } from "./local-key-provider.ts";
import { importMasterKey } from "./master-key.ts";

const MASTER = "m".repeat(16) + "aster-secret-for-tests-0123456789";
const request = { tenantId: "t1", mediaId: "media1", scheme: "aes-128" as const, period: 0 };

async function setup(master = MASTER) {
  const store = new MemoryObjectStore();
  const keyStore = new ContentKeyStore(store, await importMasterKey(master), new ManualClock());
  return { store, keyStore };
}

async function storedText(store: MemoryObjectStore, key: string): Promise<string> {
  const object = await store.get(key);
  if (object === undefined) throw new Error(`missing ${key}`);
  return new TextDecoder().decode(await bodyBytes(object.body));
}

describe("ContentKeyStore", () => {
  it("makes one key per period and returns it again, sealed at rest", async () => {
    const { store, keyStore } = await setup();
    const provider = localKeyProvider();
    const first = await keyStore.periodKey(request, provider);
    const again = await keyStore.periodKey(request, provider);
    const next = await keyStore.periodKey({ ...request, period: 1 }, provider);
    expect(again.kid).toEqual(first.kid);
    expect(again.key).toEqual(first.key);
    expect(next.kid).not.toEqual(first.kid);
    const text = await storedText(store, keys.contentKey("media1", kidHex(first.kid)));
    const clearHex = kidHex(first.key);
    const clearB64 = Buffer.from(first.key).toString("base64url");
    expect(text).not.toContain(clearHex);
    expect(text).not.toContain(clearB64);
    expect(JSON.parse(text)).toMatchObject({ kid: kidHex(first.kid), mediaId: "media1", tenantId: "t1", scheme: "aes-128", period: 0, sealed: { alg: "A256GCM" } });
  });

  it("delivers by kid, and answers undefined for unknown, malformed or other media's kids", async () => {
    const { keyStore } = await setup();
    const key = await keyStore.periodKey(request, localKeyProvider());
    const found = await keyStore.byKid("media1", kidHex(key.kid));
    expect(found?.key.key).toEqual(key.key);
    expect(found?.tenantId).toBe("t1");
    expect(await keyStore.byKid("media1", "00".repeat(16))).toBeUndefined();
    expect(await keyStore.byKid("media1", "not-a-kid")).toBeUndefined();
    expect(await keyStore.byKid("media2", kidHex(key.kid))).toBeUndefined();
  });

  it("settles two writers of one period on the first key stored", async () => {
    const { store, keyStore } = await setup();
    const provider = localKeyProvider();
    const [a, b] = await Promise.all([keyStore.periodKey(request, provider), keyStore.periodKey(request, provider)]);
    expect(b.kid).toEqual(a.kid);
    const listed = await store.list({ prefix: "content-keys/media1/kids/" });
    expect(listed.objects).toHaveLength(1);
  });

  it("refuses to open a key under another master, or one moved to another media", async () => {
    const { store, keyStore } = await setup();
    const key = await keyStore.periodKey(request, localKeyProvider());
    const kid = kidHex(key.kid);
    const other = new ContentKeyStore(store, await importMasterKey("another-master-secret-of-enough-length"), new ManualClock());
    const error = await other.byKid("media1", kid).catch((e: unknown) => e);
    expect(isTributaryError(error, "drm.unseal_failed")).toBe(true);
    const moved = JSON.parse(await storedText(store, keys.contentKey("media1", kid))) as Record<string, unknown>;
    await store.put(keys.contentKey("media2", kid), JSON.stringify({ ...moved, mediaId: "media2" }));
    const movedError = await keyStore.byKid("media2", kid).catch((e: unknown) => e);
    expect(isTributaryError(movedError, "drm.unseal_failed")).toBe(true);
  });

  it("passes a provider's pssh and fixed IV through", async () => {
    const { keyStore } = await setup();
    const pssh = Uint8Array.of(0, 0, 0, 8, 0x70, 0x73, 0x73, 0x68);
    const iv = new Uint8Array(16).fill(7);
    const provider: KeyProvider = { contentKey: async () => ({ kid: new Uint8Array(16).fill(1), key: new Uint8Array(16).fill(2), iv, pssh: [pssh] }) };
    await keyStore.periodKey({ ...request, scheme: "cbcs" }, provider);
    const found = await keyStore.byKid("media1", "01".repeat(16));
    expect(found?.key.iv).toEqual(iv);
    expect(found?.key.pssh).toEqual([pssh]);
    expect(found?.scheme).toBe("cbcs");
  });

  it("refuses a short master secret", async () => {
    const error = await importMasterKey("short").catch((e: unknown) => e);
    expect(isTributaryError(error, "config.invalid")).toBe(true);
  });
});
