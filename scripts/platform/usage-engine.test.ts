import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "#core-node/env-config.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { openUsageEngine } from "./usage-engine.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-engine-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("openUsageEngine", () => {
  it("embeds DuckDB unless Athena is configured, and runs on Athena when it is", async () => {
    const store = new MemoryObjectStore();
    const embedded = await openUsageEngine(configFromEnv({ TRIBUTARY_DATA_DIR: dir }), store);
    expect(embedded.name).toBe("duckdb");
    await embedded.close();
    const athena = await openUsageEngine(configFromEnv({ TRIBUTARY_DATA_DIR: dir, TRIBUTARY_ATHENA_REGION: "eu-west-1", TRIBUTARY_ATHENA_WORKGROUP: "tributary-prod-usage", TRIBUTARY_ATHENA_DATABASE: "tributary_prod_usage" }), store);
    expect(athena.name).toBe("athena");
    await athena.close();
  });
});
