import { describe, expect, it } from "vitest";
import { saveAsset } from "#core/records/assets.ts";
import { saveDelivery } from "#core/webhooks/deliveries.ts";
import { apiKit, json } from "../testing/api-test-kit.ts";

describe("/webhooks", () => {
  it("adds an endpoint (secret once), lists, shows deliveries, removes", async () => {
    const kit = await apiKit();
    const created = await json(await kit.call(kit.acme, "POST", "/webhooks", { url: "https://hooks.example.com/t", events: ["stream.live", "stream.ended"] }));
    expect(created).toMatchObject({ url: "https://hooks.example.com/t", secret: expect.stringMatching(/^whsec_/) });
    const id = created["id"] as string;
    const listed = await json(await kit.call(kit.acme, "GET", "/webhooks"));
    expect(listed["data"]).toEqual([{ id, url: "https://hooks.example.com/t", events: ["stream.live", "stream.ended"], createdAt: created["createdAt"] }]);
    expect((await json(await kit.call(kit.bravo, "GET", "/webhooks")))["data"]).toEqual([]);

    const event = { id: "e1", type: "stream.live" as const, createdAt: new Date(0).toISOString(), tenantId: "acme", data: { streamId: "s1" } };
    await saveDelivery(kit.ctx.store, { id: "d1", endpointId: id, tenantId: "acme", url: "https://hooks.example.com/t", event, state: "succeeded", attempts: [{ at: event.createdAt, status: 200, durationMs: 5 }] });
    const deliveries = await json(await kit.call(kit.acme, "GET", `/webhooks/${id}/deliveries`));
    expect(deliveries["data"]).toEqual([{ id: "d1", event: { id: "e1", type: "stream.live", createdAt: event.createdAt, data: { streamId: "s1" } }, state: "succeeded", attempts: [{ at: event.createdAt, status: 200, durationMs: 5 }] }]);
    expect((await kit.call(kit.bravo, "GET", `/webhooks/${id}/deliveries`)).status).toBe(404);
    expect((await kit.call(kit.bravo, "DELETE", `/webhooks/${id}`)).status).toBe(404);
    expect((await kit.call(kit.acme, "DELETE", `/webhooks/${id}`)).status).toBe(204);
    expect((await json(await kit.call(kit.acme, "GET", "/webhooks")))["data"]).toEqual([]);
  });

  it("validates url and events", async () => {
    const kit = await apiKit();
    const response = await kit.call(kit.acme, "POST", "/webhooks", { url: "ftp://x", events: ["stream.exploded"] });
    expect(response.status).toBe(400);
    const paths = ((await json(response)).error?.details["issues"] as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["url", "events.0"]));
  });

  it.each([
    ["http://127.0.0.1:9000/hook", "127.0.0.1 is a loopback address"],
    ["http://2130706433/hook", "127.0.0.1 is a loopback address"],
    ["https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"],
    ["http://10.1.2.3/", "10.1.2.3 is a private network address"],
    ["http://[::ffff:192.168.0.1]/", "::ffff:c0a8:1 is a private network address"],
    ["http://100.64.0.1/", "100.64.0.1 is a shared address space"],
  ])("refuses %s with 400 naming the rule", async (url, rule) => {
    const kit = await apiKit();
    const response = await kit.call(kit.acme, "POST", "/webhooks", { url, events: ["stream.live"] });
    expect(response.status).toBe(400);
    const issues = (await json(response)).error?.details["issues"] as { path: string; code: string; message: string }[];
    expect(issues).toEqual([{ path: "url", code: "forbidden_target", message: expect.stringContaining(rule) as string }]);
    expect((await json(await kit.call(kit.acme, "GET", "/webhooks")))["data"]).toEqual([]);
  });

  it("accepts a private target when the deployment allows them, and any name (checked at connect time)", async () => {
    const kit = await apiKit(undefined, { webhookTargets: { allowPrivateTargets: true } });
    expect((await kit.call(kit.acme, "POST", "/webhooks", { url: "http://127.0.0.1:9000/hook", events: ["stream.live"] })).status).toBe(201);
    const strict = await apiKit();
    expect((await strict.call(strict.acme, "POST", "/webhooks", { url: "http://localhost:9000/hook", events: ["stream.live"] })).status).toBe(201);
  });
});

describe("/assets", () => {
  it("lists and gets the tenant's assets only", async () => {
    const kit = await apiKit();
    const asset = { id: "a1", tenantId: "acme", kind: "recording" as const, createdAt: new Date(0).toISOString(), mediaId: "m1", status: "ready" as const, renditions: [], job: { backend: "local" as const } };
    await saveAsset(kit.ctx, asset);
    await saveAsset(kit.ctx, { ...asset, id: "a2", tenantId: "bravo" });
    const listed = await json(await kit.call(kit.acme, "GET", "/assets"));
    expect(listed["data"]).toEqual([{ id: "a1", kind: "recording", createdAt: asset.createdAt, mediaId: "m1", status: "ready", encryption: "none", renditions: [], captions: [], progress: 1 }]);
    expect(await json(await kit.call(kit.acme, "GET", "/assets/a1"))).toMatchObject({ id: "a1" });
    expect((await kit.call(kit.acme, "GET", "/assets/a2")).status).toBe(404);
    expect((await kit.call(kit.bravo, "GET", "/assets/a1")).status).toBe(404);
  });
});
