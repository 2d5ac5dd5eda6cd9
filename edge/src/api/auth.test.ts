import { describe, expect, it } from "vitest";
import { apiKit, json } from "../testing/api-test-kit.ts";

describe("API authentication, scopes and rate limits", () => {
  it("refuses a missing, malformed or unknown key with 401", async () => {
    const kit = await apiKit();
    const bare = await kit.app.request("/api/v1/streams");
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toContain("Bearer");
    expect((await json(bare)).error?.code).toBe("auth.unauthorized");
    expect((await kit.call("tk_nope", "GET", "/streams")).status).toBe(401);
    expect((await kit.call(`${kit.acme}x`, "GET", "/streams")).status).toBe(401);
  });

  it("a read key can read but not create (403 with the scope it lacks)", async () => {
    const kit = await apiKit();
    const reader = await kit.keyWith("acme", ["read"]);
    expect((await kit.call(reader, "GET", "/streams")).status).toBe(200);
    const refused = await kit.call(reader, "POST", "/streams", { name: "Main" });
    expect(refused.status).toBe(403);
    expect((await json(refused)).error).toMatchObject({ code: "auth.forbidden", details: { required: "write" } });
    const writer = await kit.keyWith("acme", ["write"]);
    expect((await kit.call(writer, "POST", "/streams", { name: "Main" })).status).toBe(201);
    expect((await kit.call(writer, "POST", "/webhooks", { url: "https://hooks.example.com/", events: ["stream.live"] })).status).toBe(403);
  });

  it("manages API keys; a revoked key is refused at once", async () => {
    const kit = await apiKit();
    const created = await json(await kit.call(kit.acme, "POST", "/api-keys", { name: "ci", scopes: ["write"] }));
    expect(created).toMatchObject({ name: "ci", scopes: ["write"], key: expect.stringMatching(/^tk_/) });
    expect(created).not.toHaveProperty("hash");
    const key = created["key"] as string;
    expect((await kit.call(key, "GET", "/streams")).status).toBe(200);
    const listed = await json(await kit.call(kit.acme, "GET", "/api-keys"));
    expect((listed["data"] as { name: string }[]).map((k) => k.name)).toEqual(["admin", "ci"]);
    expect(JSON.stringify(listed)).not.toContain("sha256:");
    expect((await kit.call(kit.acme, "DELETE", `/api-keys/${created["id"] as string}`)).status).toBe(204);
    expect((await kit.call(key, "GET", "/streams")).status).toBe(401);
    expect((await kit.call(kit.bravo, "DELETE", `/api-keys/${created["id"] as string}`)).status).toBe(404);
  });

  it("rate-limits per key with 429 and Retry-After, refilling with the clock", async () => {
    const kit = await apiKit({ burst: 3, perSecond: 0.5 });
    for (let i = 0; i < 3; i++) expect((await kit.call(kit.acme, "GET", "/streams")).status).toBe(200);
    const limited = await kit.call(kit.acme, "GET", "/streams");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await json(limited)).error?.code).toBe("auth.rate_limited");
    expect((await kit.call(kit.bravo, "GET", "/streams")).status).toBe(200);
    kit.clock.advance(2_000);
    expect((await kit.call(kit.acme, "GET", "/streams")).status).toBe(200);
  });
});
