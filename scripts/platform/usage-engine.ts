/**
 * The usage query engine the Node edge's API runs billing's SQL on: Amazon Athena when the config
 * names a workgroup (`athena`, docs/usage-at-scale.md), else DuckDB embedded over the store's usage
 * objects. Each is imported only when chosen, so an embedded edge never loads the Athena SDK.
 */
import { join } from "node:path";
import type { UsageQueryEngine } from "#core/billing/usage-query-engine.ts";
import type { TributaryConfig } from "#core/config/schema.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";

export type ClosableUsageEngine = UsageQueryEngine & { close(): Promise<void> };

export async function openUsageEngine(config: TributaryConfig, store: ObjectStore): Promise<ClosableUsageEngine> {
  if (config.athena !== undefined) {
    const { AthenaUsageEngine } = await import("#core-node/billing/athena-usage-engine.ts");
    return new AthenaUsageEngine(config.athena);
  }
  const { DuckDbUsageEngine } = await import("#core-node/duckdb-usage-engine.ts");
  return new DuckDbUsageEngine({ store, dir: join(config.dataDir, "usage-engine"), memoryLimit: config.billing.queryMemoryLimit });
}
