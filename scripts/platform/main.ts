/**
 * `npm start`: the platform from environment configuration, with a printed welcome. Role `all` (the
 * default) supervises a relay process and an edge process; role `relay` or `edge` (a fleet host, whose
 * own service manager restarts it) runs that part in this process.
 */
import { configFromEnv } from "#core-node/env-config.ts";
import type { TributaryConfig } from "#core/config/schema.ts";
import { isTributaryError } from "#core/errors.ts";
import type { StreamWithKey } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { banner } from "./banner.ts";
import { ensureDemoStream, ensureSampleVod } from "./demo.ts";
import { startPlatform } from "./platform.ts";
import { startSupervisedPlatform } from "./supervised-platform.ts";

function onStopSignals(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void stop(signal).then(() => process.exit(0));
  };
  process.on("SIGINT", () => handler("SIGINT"));
  process.on("SIGTERM", () => handler("SIGTERM"));
}

async function runSupervised(config: TributaryConfig): Promise<void> {
  let demo: StreamWithKey | undefined;
  const platform = await startSupervisedPlatform(config, { prepare: async (records) => void (demo = await ensureDemoStream(records, LOCAL_TENANT_ID)) });
  onStopSignals(async (signal) => {
    platform.log.info({ signal }, "shutting down: stopping the edge, then the relay");
    await platform.close();
  });
  const sample = await ensureSampleVod(platform.records, LOCAL_TENANT_ID, platform.tools, platform.log, { seconds: 10, width: 1280, height: 720 });
  console.log(await banner(platform, demo, sample));
  console.log(`Processes: supervisor ${process.pid}, relay ${platform.relay.pid}, edge ${platform.edge.pid} (a child that dies is restarted).\n`);
}

async function runRole(config: TributaryConfig): Promise<void> {
  const platform = await startPlatform(config);
  onStopSignals(async (signal) => {
    platform.log.info({ signal }, "shutting down");
    await platform.close();
  });
}

try {
  const config = configFromEnv();
  await (config.role === "all" ? runSupervised(config) : runRole(config));
} catch (error) {
  if (isTributaryError(error, "config.invalid", "transcode.unavailable")) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
