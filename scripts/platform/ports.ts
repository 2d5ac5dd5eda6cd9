/** Port 0 in config means "any free port": resolved before anything starts, so every URL is known up front. */
import { createServer } from "node:net";
import type { TributaryConfig } from "#core/config/schema.ts";

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function resolvePorts(config: TributaryConfig): Promise<TributaryConfig> {
  const pick = async (port: number, host: string) => (port === 0 ? freePort(host) : port);
  return {
    ...config,
    edge: { ...config.edge, port: await pick(config.edge.port, config.edge.host) },
    relay: {
      ...config.relay,
      rtmpPort: await pick(config.relay.rtmpPort, config.relay.host),
      rtmpsPort: await pick(config.relay.rtmpsPort, config.relay.host),
      srtPort: await pick(config.relay.srtPort, config.relay.host),
      httpPort: await pick(config.relay.httpPort, config.relay.host),
    },
  };
}
