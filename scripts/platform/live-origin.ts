/** The relay's HTTP origin: live LL-HLS/LL-DASH from memory on `relay.httpPort`, fed by every broadcast. */
import { systemClock } from "#core/clock.ts";
import type { TributaryConfig } from "#core/config/schema.ts";
import type { Logger } from "#core-node/logger.ts";
import type { LiveSinkFactory } from "#relay/live/broadcast.ts";
import { liveMediaSinks } from "#relay/origin/live-sink.ts";
import { LiveMediaRegistry } from "#relay/origin/registry.ts";
import { createOriginServer, DEFAULT_WAIT_POLICY } from "#relay/origin/server.ts";

export interface RunningLiveOrigin {
  sinks: LiveSinkFactory;
  close(): Promise<void>;
}

export async function startLiveOrigin(config: TributaryConfig, log: Logger): Promise<RunningLiveOrigin> {
  const registry = new LiveMediaRegistry();
  const server = await createOriginServer({ registry, clock: systemClock, host: config.relay.host, port: config.relay.httpPort, waitPolicy: DEFAULT_WAIT_POLICY });
  log.info({ url: server.url }, "live origin listening");
  return { sinks: liveMediaSinks({ registry, clock: systemClock }), close: server.close };
}
