/** `npm start`: the platform from environment configuration, with a printed welcome. */
import { configFromEnv } from "#core-node/env-config.ts";
import { isTributaryError } from "#core/errors.ts";
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
} catch (error) {
  if (isTributaryError(error, "config.invalid")) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
