/**
 * The platform's composition root: builds every part from one config and starts what the role asks
 * for. `npm start` and the end-to-end tests both come through here.
 */
import type { TributaryConfig } from "#core/config/schema.ts";
import { storageOf } from "#core/config/parse.ts";
import { systemClock } from "#core/clock.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { ensureKeyring, storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import type { Keyring } from "#core/tokens/signing-keys.ts";
import { createObjectStore } from "#core-node/object-store-factory.ts";
import { createLogger, type Logger } from "#core-node/logger.ts";
import { createEdgeApp } from "#edge/app.ts";
import { nodeViewer, startNodeEdge } from "#edge/runtime/node.ts";

export interface RunningPlatform {
  config: TributaryConfig;
  store: ObjectStore;
  keyring: Keyring;
  log: Logger;
  /** Base URL of the edge, when this process runs it. */
  edgeUrl?: string;
  close(): Promise<void>;
}

export async function startPlatform(config: TributaryConfig, options: { store?: ObjectStore; log?: Logger } = {}): Promise<RunningPlatform> {
  const log = options.log ?? createLogger("tributary", config.logLevel);
  const store = options.store ?? createObjectStore(storageOf(config));
  const keyring = await ensureKeyring(store);
  const closers: (() => Promise<void>)[] = [];
  let edgeUrl: string | undefined;

  if (config.role === "all" || config.role === "edge") {
    const app = createEdgeApp({ store, keys: storedPlaybackKeys(store), clock: systemClock, viewer: nodeViewer(false) });
    const edge = await startNodeEdge(app, { host: config.edge.host, port: config.edge.port });
    edgeUrl = config.edge.publicUrl ?? edge.url;
    closers.push(edge.close);
    log.info({ url: edgeUrl }, "edge listening");
  }

  return {
    config,
    store,
    keyring,
    log,
    ...(edgeUrl === undefined ? {} : { edgeUrl }),
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
