import { describe, expect, it } from "vitest";
import { registerMedia } from "#core/records/media.ts";
import { keys } from "#core/storage/keys.ts";
import { loadKeyring } from "#core/tokens/keyring-store.ts";
import { publicJwks } from "#core/tokens/signing-keys.ts";
import { verifyPlaybackToken } from "#core/tokens/verify.ts";
import { PUBLIC_URL, apiKit, json } from "../testing/api-test-kit.ts";

const media = (id: string, tenantId: string) => ({ id, tenantId, kind: "vod" as const, createdAt: new Date(0).toISOString() });

describe("POST /playback-tokens", () => {
  it("mints a token the edge accepts, with HLS and DASH URLs", async () => {
    const kit = await apiKit();
    await registerMedia(kit.ctx.store, media("m1", "acme"));
    await kit.ctx.store.put("media/m1/master.m3u8", "#EXTM3U\n");
    const response = await kit.call(kit.acme, "POST", "/playback-tokens", { mediaId: "m1", expiresIn: 600, rules: { countries: ["DE"] }, caps: { maxHeight: 720 } });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; urls: { hls: string; dash: string }; expiresAt: string };
    expect(body.urls).toEqual({ hls: `${PUBLIC_URL}/p/${body.token}/m1/master.m3u8`, dash: `${PUBLIC_URL}/p/${body.token}/m1/manifest.mpd`, whep: `${PUBLIC_URL}/whep/${body.token}/m1` });
    expect(body.expiresAt).toBe(new Date(kit.clock.now() + 600_000).toISOString());
    const keyring = await loadKeyring(kit.ctx.store);
    const claims = await verifyPlaybackToken(body.token, { jwks: publicJwks(keyring?.keys ?? []), mediaId: "m1", now: kit.clock.now() });
    expect(claims).toMatchObject({ tid: "acme", rules: { countries: ["DE"] }, caps: { maxHeight: 720 } });
    const played = await kit.app.request(new URL(body.urls.hls).pathname);
    expect(played.status).toBe(403); // the edge enforces the country rule: no country known here
  });

  it("grants downloads only when asked, with the download URL", async () => {
    const kit = await apiKit();
    await registerMedia(kit.ctx.store, media("m1", "acme"));
    // The keyring exists once the first token is minted.
    const verify = async (token: string) => verifyPlaybackToken(token, { jwks: publicJwks((await loadKeyring(kit.ctx.store))?.keys ?? []), mediaId: "m1", now: kit.clock.now() });
    const granted = (await json(await kit.call(kit.acme, "POST", "/playback-tokens", { mediaId: "m1", downloadable: true }))) as { token: string; urls: Record<string, string> };
    expect(granted.urls["download"]).toBe(`${PUBLIC_URL}/p/${granted.token}/m1/download/highest.mp4`);
    expect((await verify(granted.token)).downloadable).toBe(true);
    const plain = (await json(await kit.call(kit.acme, "POST", "/playback-tokens", { mediaId: "m1" }))) as { token: string; urls: Record<string, string> };
    expect(plain.urls["download"]).toBeUndefined();
    expect((await verify(plain.token)).downloadable).toBeUndefined();
    expect((await kit.call(kit.acme, "POST", "/playback-tokens", { mediaId: "m1", downloadable: "yes" })).status).toBe(400);
  });

  it("mints for a stream by its stable playback id, live or not yet", async () => {
    const kit = await apiKit();
    const stream = await json(await kit.call(kit.acme, "POST", "/streams", { name: "Main" }));
    const streamId = stream["id"] as string;
    expect(await json(await kit.call(kit.acme, "POST", "/playback-tokens", { streamId }))).toMatchObject({ mediaId: streamId });
    const origin = { streamId, mediaId: "live1", tenantId: "acme", originUrl: "http://10.0.0.5:8080", relayId: "r1", startedAt: new Date(0).toISOString(), state: "live" };
    await kit.ctx.store.put(keys.liveOrigin(streamId), JSON.stringify(origin));
    expect(await json(await kit.call(kit.acme, "POST", "/playback-tokens", { streamId }))).toMatchObject({ mediaId: streamId });
  });

  it("refuses another tenant's media and stream with 404", async () => {
    const kit = await apiKit();
    await registerMedia(kit.ctx.store, media("m1", "acme"));
    const stream = await json(await kit.call(kit.acme, "POST", "/streams", { name: "Main" }));
    expect((await kit.call(kit.bravo, "POST", "/playback-tokens", { mediaId: "m1" })).status).toBe(404);
    expect((await kit.call(kit.bravo, "POST", "/playback-tokens", { streamId: stream["id"] })).status).toBe(404);
    expect((await kit.call(kit.bravo, "POST", "/playback-tokens", { mediaId: "unknown" })).status).toBe(404);
  });

  it("validates the request", async () => {
    const kit = await apiKit();
    const response = await kit.call(kit.acme, "POST", "/playback-tokens", { expiresIn: 5, caps: { maxHeight: -1 } });
    expect(response.status).toBe(400);
    const issues = (await json(response)).error?.details["issues"] as { path: string }[];
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["expiresIn", "caps.maxHeight"]));
  });
});

describe("/signing-keys", () => {
  it("returns the private JWK once, lists public halves, revokes", async () => {
    const kit = await apiKit();
    const created = await json(await kit.call(kit.acme, "POST", "/signing-keys", { alg: "EdDSA" }));
    expect(created).toMatchObject({ alg: "EdDSA", privateJwk: { d: expect.any(String) } });
    const listed = await json(await kit.call(kit.acme, "GET", "/signing-keys"));
    expect(listed["data"]).toEqual([expect.objectContaining({ kid: created["kid"] })]);
    expect(JSON.stringify(listed)).not.toContain('"d"');
    expect((await json(await kit.call(kit.bravo, "GET", "/signing-keys")))["data"]).toEqual([]);
    expect((await kit.call(kit.bravo, "DELETE", `/signing-keys/${created["kid"] as string}`)).status).toBe(404);
    expect((await kit.call(kit.acme, "DELETE", `/signing-keys/${created["kid"] as string}`)).status).toBe(204);
    expect((await json(await kit.call(kit.acme, "GET", "/signing-keys")))["data"]).toEqual([]);
  });
});
