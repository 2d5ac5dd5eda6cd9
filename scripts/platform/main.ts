/** `npm start`: the platform from environment configuration, with a printed welcome. */
import { configFromEnv } from "#core-node/env-config.ts";
import { isTributaryError } from "#core/errors.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { banner } from "./banner.ts";
import { ensureDemoStream, ensureSampleVod } from "./demo.ts";
import { startPlatform } from "./platform.ts";

try {
  const platform = await startPlatform(configFromEnv());
  const shutdown = async (signal: string) => {
    platform.log.info({ signal }, "shutting down");
    await platform.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  if (platform.config.role === "all") {
    const demo = await ensureDemoStream(platform.records, LOCAL_TENANT_ID);
    await platform.relay?.refreshSrtCredentials();
    const sample = await ensureSampleVod(platform.records, LOCAL_TENANT_ID, platform.tools, platform.log, { seconds: 10, width: 1280, height: 720 });
    console.log(await banner(platform, demo, sample));
  }
} catch (error) {
  if (isTributaryError(error, "config.invalid", "transcode.unavailable")) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
