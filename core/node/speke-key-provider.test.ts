// The KeyProvider over SPEKE, against a local key provider that fills any CPIX request: one key per
// media and key period under a stable key id, pssh boxes for the packager, the tenant's systems
// filtered by scheme, and clear errors for tenants without a provider.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseXml } from "#core/drm/speke/xml/parse-xml.ts";
import { SpekeKeyProvider, spekeKid, type SpekeConfigSource } from "#core/drm/speke/speke-key-provider.ts";
import type { SpekeProviderConfig } from "#core/drm/speke/speke-config.ts";
import { keyServer, startSpekeTestServer, testKeyFor, testPssh, type SpekeTestServer } from "./testing/speke-key-server.ts";

let server: SpekeTestServer;
let provider: SpekeKeyProvider;
const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("hex");

beforeAll(async () => {
  server = await startSpekeTestServer({ header: { name: "X-Api-Key", value: "k-1" }, answer: keyServer });
  const acme: SpekeProviderConfig = { url: `${server.url}/speke/v2.0/copyProtection`, systems: ["widevine", "playready", "fairplay"], timeoutMs: 5_000, auth: { kind: "header", name: "X-Api-Key", value: "k-1" } };
  const solo: SpekeProviderConfig = { ...acme, systems: ["fairplay"] };
  const configs: SpekeConfigSource = { config: async (tenantId) => ({ acme, solo })[tenantId] };
  provider = new SpekeKeyProvider(configs);
});

afterAll(async () => {
  await server.close();
});

describe("SpekeKeyProvider", () => {
  it("asks one key for all tracks of a live key period, and returns it with each system's pssh", async () => {
    server.received.length = 0;
    const key = await provider.contentKey({ tenantId: "acme", mediaId: "m1", scheme: "cenc", period: 7 });
    const kid = await spekeKid("acme", "m1", 7);
    expect(hex(key.kid)).toBe(hex(kid));
    expect(hex(key.key)).toBe(testKeyFor(hex(kid)).toString("hex"));
    expect(key.iv).toBeUndefined();
    const kidData = Buffer.concat([Buffer.from([0x12, 0x10]), Buffer.from(kid)]);
    expect(key.pssh?.map(hex)).toEqual([testPssh("edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", kidData), testPssh("9a04f079-9840-4286-ab92-e65be0885f95", kidData)].map((b) => b.toString("hex")));
    expect(key.signaling.map((s) => s.system)).toEqual(["widevine", "playready"]);
    // On the wire: contentId is the media id, FairPlay left out for cenc, period 7 in the contract.
    const sent = parseXml(server.received[0]?.body ?? "");
    const attrs = (e: { attributes: readonly { local: string; value: string }[] }) => Object.fromEntries(e.attributes.map((a) => [a.local, a.value]));
    expect(attrs(sent)).toMatchObject({ contentId: "m1", version: "2.3" });
    expect(sent.children.map((c) => c.local)).toEqual(["ContentKeyList", "DRMSystemList", "ContentKeyPeriodList", "ContentKeyUsageRuleList"]);
    expect(sent.children[1]?.children.map(attrs).map((a) => a["systemId"])).toEqual(["edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", "9a04f079-9840-4286-ab92-e65be0885f95"]);
    expect(attrs(sent.children[2]?.children[0] ?? sent)).toEqual({ id: "keyPeriod_7", index: "7" });
    const rule = sent.children[3]?.children[0];
    expect(rule && attrs(rule)["intendedTrackType"]).toBe("ALL");
    expect(rule?.children.map((c) => c.local)).toEqual(["KeyPeriodFilter", "VideoFilter", "AudioFilter"]);
  });

  it("asks the same key id again for the same media and period, another for the next period or another tenant", async () => {
    const [a, b, c, d] = await Promise.all([
      spekeKid("acme", "m1", 0),
      spekeKid("acme", "m1", 0),
      spekeKid("acme", "m1", 1),
      spekeKid("other", "m1", 0),
    ]);
    expect(hex(a)).toBe(hex(b));
    expect(new Set([hex(a), hex(c), hex(d)]).size).toBe(3);
    expect((a[6] ?? 0) >> 4).toBe(8); // UUIDv8
  });

  it("returns the constant IV and FairPlay's HLS tags for cbcs", async () => {
    const key = await provider.contentKey({ tenantId: "acme", mediaId: "vod1", scheme: "cbcs", period: 0 });
    expect(key.iv?.byteLength).toBe(16);
    expect(key.signaling.find((s) => s.system === "fairplay")?.hlsSignalingData?.media).toMatch(/^#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd:\/\//);
    expect(key.pssh).toHaveLength(2);
  });

  it("refuses what SPEKE cannot serve with a clear reason", async () => {
    await expect(provider.contentKey({ tenantId: "acme", mediaId: "m1", scheme: "aes-128", period: 0 })).rejects.toMatchObject({ code: "drm.key_unavailable", details: { reason: "unsupported_scheme" } });
    await expect(provider.contentKey({ tenantId: "nobody", mediaId: "m1", scheme: "cenc", period: 0 })).rejects.toMatchObject({ details: { reason: "not_configured" } });
    await expect(provider.contentKey({ tenantId: "solo", mediaId: "m1", scheme: "cenc", period: 0 })).rejects.toThrow(/none of tenant solo's DRM systems \(fairplay\) plays cenc/);
  });
});
