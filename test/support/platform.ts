/** The whole platform in this process on free ports and a temporary data directory, as e2e tests use it. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "#core/config/parse.ts";
import { createLogger } from "#core-node/logger.ts";
import { startPlatform, type RunningPlatform } from "../../scripts/platform/platform.ts";

export interface TestPlatform extends RunningPlatform {
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestPlatform(overrides: Record<string, unknown> = {}): Promise<TestPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), "tributary-e2e-"));
  const config = parseConfig({
    dataDir,
    logLevel: "warn",
    edge: { port: 0 },
    relay: { rtmpPort: 0, rtmpsPort: 0, srtPort: 0, httpPort: 0 },
    ...overrides,
  });
  const platform = await startPlatform(config, { log: createLogger("e2e", process.env["TRIBUTARY_TEST_LOG"] === "1" ? "info" : "warn") });
  return {
    ...platform,
    dataDir,
    async stop() {
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
