/** The whole platform in this process on free ports and a temporary data directory, as e2e tests use it. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig, storageOf } from "#core/config/parse.ts";
import { createLogger } from "#core-node/logger.ts";
import { createObjectStore } from "#core-node/object-store-factory.ts";
import { startPlatform, type PlatformOptions, type RunningPlatform } from "../../scripts/platform/platform.ts";

export interface TestPlatform extends RunningPlatform {
  dataDir: string;
  stop(): Promise<void>;
}

export interface TestPlatformOptions {
  /** Static credentials for an `s3` storage config (a local S3 server accepts its own). */
  storageCredentials?: { accessKeyId: string; secretAccessKey: string };
  /** Relay options beyond the config (health interval, thumbnails, storage backlog cap). */
  relay?: PlatformOptions["relay"];
  /** Transcode worker timing (poll and renewal intervals). */
  worker?: PlatformOptions["worker"];
}

export async function startTestPlatform(overrides: Record<string, unknown> = {}, options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), "tributary-e2e-"));
  const config = parseConfig({
    dataDir,
    logLevel: "warn",
    edge: { port: 0 },
    relay: { rtmpPort: 0, rtmpsPort: 0, srtPort: 0, httpPort: 0 },
    ...overrides,
  });
  // The configured store, built by the same factory the platform uses, with the test's credentials.
  const store = options.storageCredentials === undefined ? undefined : await createObjectStore(storageOf(config), options.storageCredentials);
  const platform = await startPlatform(config, {
    log: createLogger("e2e", process.env["TRIBUTARY_TEST_LOG"] === "1" ? "info" : "warn"),
    ...(store ? { store } : {}),
    ...(options.relay ? { relay: options.relay } : {}),
    ...(options.worker ? { worker: options.worker } : {}),
  });
  return {
    ...platform,
    dataDir,
    async stop() {
      await platform.close();
      // An S3 store holds pooled sockets; the ObjectStore port has no close, the adapter has `destroy`.
      (store as Partial<{ destroy(): void }> | undefined)?.destroy?.();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
