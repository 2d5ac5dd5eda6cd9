// `tributary usage` and `tributary invoice` against a real edge server with the DuckDB engine.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "#core/clock.ts";
import { createTenant } from "#core/records/tenants.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { DuckDbUsageEngine } from "#core-node/duckdb-usage-engine.ts";
import { sampleUsageRecords, writeUsage } from "#core-node/testing/usage-fixtures.ts";
import { createEdgeApp } from "#edge/app.ts";
import { startNodeEdge, type NodeEdgeServer } from "#edge/runtime/node.ts";
import { runCli } from "./tributary.ts";

const clock = new ManualClock(Date.UTC(2026, 11, 3, 12));
const store = new MemoryObjectStore({ clock });
const records = sampleUsageRecords();
let dir: string;
let engine: DuckDbUsageEngine;
let server: NodeEdgeServer;
let env: Record<string, string>;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(argv, env, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-billing-"));
  engine = new DuckDbUsageEngine({ store, dir });
  const { adminKey } = await createTenant({ store, clock, random: cryptoRandom }, { id: "acme", name: "Acme" });
  await writeUsage(store, clock, records);
  const app = createEdgeApp({
    store,
    clock,
    keys: storedPlaybackKeys(store, 0, () => clock.now()),
    viewer: () => ({}),
    api: { ingest: { publicHost: "127.0.0.1", rtmpPort: 1935, rtmpsPort: 1936, srtPort: 9000 }, publicUrl: "http://play.example", usageEngine: engine },
  });
  server = await startNodeEdge(app, { host: "127.0.0.1", port: 0 });
  env = { TRIBUTARY_API_URL: `${server.url}/api/v1`, TRIBUTARY_API_KEY: adminKey };
});

afterAll(async () => {
  await server.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe("tributary usage and invoice", () => {
  it("prints the tenant's daily usage as JSON and as CSV", async () => {
    const json = await cli("usage", "--from", "2026-12-03T00:00:00Z", "--to", "2026-12-04T00:00:00Z", "--granularity", "day");
    expect(json.code).toBe(0);
    const acmeBytes = records.filter((r) => r.tenantId === "acme" && r.source === "edge").reduce((s, r) => s + r.bytes, 0);
    expect((JSON.parse(json.out) as { data: { egress_bytes: number }[] }).data).toEqual([expect.objectContaining({ bucket: "2026-12-03", egress_bytes: acmeBytes })]);
    const csv = await cli("usage", "--from", "2026-12-03T00:00:00Z", "--to", "2026-12-04T00:00:00Z", "--group-by", "tier", "--csv");
    expect(csv.out.split("\r\n")[0]?.startsWith("bucket,tier,requests,egress_bytes")).toBe(true);
  });

  it("prints the month's invoice, and says what is missing", async () => {
    const invoice = await cli("invoice", "2026-12");
    expect(invoice.code).toBe(0);
    expect(JSON.parse(invoice.out)).toMatchObject({ tenantId: "acme", month: "2026-12", currency: "USD" });
    expect((await cli("invoice")).err).toContain("<yyyy-mm> is required");
    expect((await cli("usage", "--from", "2026-12-03T00:00:00Z")).code).toBe(2);
  });
});
