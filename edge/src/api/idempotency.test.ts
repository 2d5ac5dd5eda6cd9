import { describe, expect, it } from "vitest";
import { apiKit, json } from "../testing/api-test-kit.ts";
import { IDEMPOTENCY_WINDOW_MS } from "./idempotency.ts";

describe("Idempotency-Key", () => {
  it("returns the first response for the same key and body, creating once", async () => {
    const kit = await apiKit();
    const headers = { "idempotency-key": "create-main-1" };
    const first = await kit.call(kit.acme, "POST", "/streams", { name: "Main" }, headers);
    const again = await kit.call(kit.acme, "POST", "/streams", { name: "Main" }, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect((await json(await kit.call(kit.acme, "GET", "/streams")))["data"]).toHaveLength(1);
  });

  it("refuses the same key with another body (422)", async () => {
    const kit = await apiKit();
    const headers = { "idempotency-key": "k" };
    await kit.call(kit.acme, "POST", "/streams", { name: "Main" }, headers);
    const other = await kit.call(kit.acme, "POST", "/streams", { name: "Other" }, headers);
    expect(other.status).toBe(422);
    expect((await json(other)).error?.code).toBe("request.idempotency_mismatch");
  });

  it("keys are per tenant, and expire after 24 h", async () => {
    const kit = await apiKit();
    const headers = { "idempotency-key": "k" };
    const a = await json(await kit.call(kit.acme, "POST", "/streams", { name: "Main" }, headers));
    const b = await json(await kit.call(kit.bravo, "POST", "/streams", { name: "Main" }, headers));
    expect(b["id"]).not.toBe(a["id"]);
    kit.clock.advance(IDEMPOTENCY_WINDOW_MS);
    const later = await json(await kit.call(kit.acme, "POST", "/streams", { name: "Main" }, headers));
    expect(later["id"]).not.toBe(a["id"]);
  });

  it("a failed create does not hold the key", async () => {
    const kit = await apiKit();
    const headers = { "idempotency-key": "k" };
    expect((await kit.call(kit.acme, "POST", "/streams", { name: "" }, headers)).status).toBe(400);
    expect((await kit.call(kit.acme, "POST", "/streams", { name: "" }, headers)).status).toBe(400);
    expect((await kit.call(kit.acme, "POST", "/streams", { name: "Main" }, headers)).status).toBe(201);
  });

  it("a concurrent repeat while the first is in flight is a 409, never a second create", async () => {
    const kit = await apiKit();
    const headers = { "idempotency-key": "k" };
    const results = await Promise.all([1, 2, 3].map(() => kit.call(kit.acme, "POST", "/streams", { name: "Main" }, headers)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect((await json(await kit.call(kit.acme, "GET", "/streams")))["data"]).toHaveLength(1);
  });
});
