import { describe, expect, it } from "vitest";
import { apiKit } from "../testing/api-test-kit.ts";
import { operations } from "./route-specs.ts";
import { createApiRoutes } from "./routes.ts";
import { ManualClock } from "#core/clock.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document with every operation, without authentication", async () => {
    const kit = await apiKit();
    const response = await kit.app.request("/api/v1/openapi.json");
    expect(response.status).toBe(200);
    const document = JSON.parse(await response.text()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> };
    expect(document.openapi).toBe("3.1.0");
    for (const op of operations) {
      const entry = document.paths[op.path]?.[op.method];
      expect(entry, `${op.method} ${op.path}`).toBeDefined();
      expect(Object.keys(entry?.responses ?? {})).toContain(String(op.success.status));
      if (op.body) expect(entry?.requestBody).toBeDefined();
    }
    expect(JSON.stringify(document.paths["/streams"]?.["post"])).toContain("reconnectWindowSeconds");
    expect(JSON.stringify(document.paths["/streams"]?.["post"])).toContain('"enum":["none","aes-128","cenc","cbcs"]');
  });

  it("documents exactly the routes the API mounts", () => {
    const api = createApiRoutes({ store: new MemoryObjectStore(), clock: new ManualClock(), ingest: { publicHost: "h", rtmpPort: 1, rtmpsPort: 2, srtPort: 3 }, publicUrl: "https://x" });
    const mounted = new Set(
      api.routes
        .filter((route) => route.method !== "ALL" && route.path !== "/openapi.json")
        .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/\/$/, "").replace(/:(\w+)/g, "{$1}")}`),
    );
    expect([...mounted].sort()).toEqual(operations.map((op) => `${op.method} ${op.path}`).sort());
  });
});
