/** Port 0 in config means "any free port": resolved before anything starts, so every URL is known up front. */
import { createServer, type Server } from "node:net";
import type { TributaryConfig } from "#core/config/schema.ts";

/** Holds each probe socket open until every port is chosen, so no two choices can coincide. */
async function reserve(host: string, held: Server[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      held.push(server);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}

export async function resolvePorts(config: TributaryConfig): Promise<TributaryConfig> {
  const held: Server[] = [];
  const pick = async (port: number, host: string) => (port === 0 ? reserve(host, held) : port);
  try {
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
  } finally {
    await Promise.all(held.map((server) => new Promise((done) => server.close(done))));
  }
}
