/**
 * One role of the platform (relay or edge) in its own process, forked by the supervisor
 * (supervisor.ts). It takes its config over IPC (environment variables are read by the supervisor
 * only, through env-config.ts), reports `ready`, and closes cleanly on `stop`, SIGINT, SIGTERM or
 * when the supervisor goes away: a relay ends its broadcasts first, so their final playlists are written.
 */
import { parseConfig } from "#core/config/parse.ts";
import { isTributaryError } from "#core/errors.ts";
import type { RoleMessage, SupervisorMessage } from "./role-messages.ts";
import { startPlatform, type RunningPlatform } from "./platform.ts";

function send(message: RoleMessage): void {
  if (process.connected) process.send?.(message);
}

let platform: RunningPlatform | undefined;
let stopping: Promise<void> | undefined;

function stop(): Promise<void> {
  stopping ??= (async () => {
    await platform?.close();
    send({ type: "stopped" });
    process.exit(0);
  })();
  return stopping;
}

async function start(input: SupervisorMessage & { type: "start" }): Promise<void> {
  try {
    platform = await startPlatform(parseConfig(input.config));
  } catch (error) {
    if (isTributaryError(error, "config.invalid", "transcode.unavailable")) {
      send({ type: "failed", code: error.code, message: error.message });
      process.exit(2);
    }
    throw error;
  }
  const role = platform.config.role === "edge" ? "edge" : "relay";
  send({ type: "ready", role, edgeUrl: platform.edgeUrl, rtmpPort: platform.relay?.rtmpPort, rtmpsPort: platform.relay?.rtmpsPort, srtPort: platform.relay?.srtPort });
  if (stopping) await stop();
}

process.on("message", (message: SupervisorMessage) => {
  if (message.type === "start") void start(message);
  else void stop();
});
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
// The supervisor died without telling us: nothing would ever stop this process otherwise.
process.once("disconnect", () => void stop());
