/**
 * The platform as `npm start` runs it: this process prepares storage, signing keys, the local tenant
 * (and its admin key) and the ffmpeg tools, then supervises one relay process and one edge process, so
 * ingest load never stalls playback on one event loop. Ports are resolved here first, so both
 * children (and the banner) agree on every URL.
 */
import type { TributaryConfig } from "#core/config/schema.ts";
import { cryptoRandom, systemClock } from "#core/clock.ts";
import type { RecordContext } from "#core/records/context.ts";
import { ensureLocalTenant } from "#core/records/tenants.ts";
import { ensureKeyring } from "#core/tokens/keyring-store.ts";
import { createLogger, type Logger } from "#core-node/logger.ts";
import { locateFfmpeg } from "#transcoder/ffmpeg/locate.ts";
import { adoptBootstrapAdminKey, openConfiguredStore } from "./bootstrap.ts";
import type { PreparedPlatform } from "./platform.ts";
import { resolvePorts } from "./ports.ts";
import { defaultRestartPolicy, type RestartPolicy } from "./restart-policy.ts";
import { superviseRole, type Ready, type RoleSupervisor } from "./supervisor.ts";

export interface SupervisedPlatform extends PreparedPlatform {
  edgeUrl: string;
  relay: RoleSupervisor;
  edge: RoleSupervisor;
  close(): Promise<void>;
}

export interface SupervisedOptions {
  log?: Logger;
  policy?: RestartPolicy;
  /** A relay ends every broadcast on stop; this bounds how long that may take. */
  stopTimeoutMs?: number;
  events?: Parameters<typeof superviseRole>[0]["events"];
  /** Runs once storage is ready and before the children start (the demo stream, so SRT knows it). */
  prepare?: (records: RecordContext) => Promise<void>;
}

export async function startSupervisedPlatform(configured: TributaryConfig, options: SupervisedOptions = {}): Promise<SupervisedPlatform> {
  const config = await resolvePorts(configured);
  const log = options.log ?? createLogger("tributary", config.logLevel);
  const store = await openConfiguredStore(config);
  const records: RecordContext = { store, clock: systemClock, random: cryptoRandom };
  const keyring = await ensureKeyring(store);
  // Done here, before either child starts: the key is new only once, and shown only by this process.
  const { adminKey } = await ensureLocalTenant(records);
  await adoptBootstrapAdminKey(config, records);
  const tools = await locateFfmpeg({ ffmpegPath: config.ffmpeg.path, ffprobePath: config.ffmpeg.ffprobePath });
  await options.prepare?.(records);

  const supervise = (role: "relay" | "edge") =>
    superviseRole({ role, config: { ...config, role }, policy: options.policy ?? defaultRestartPolicy, log, stopTimeoutMs: options.stopTimeoutMs ?? 30_000, ...(options.events ? { events: options.events } : {}) });
  const relay = supervise("relay");
  const edge = supervise("edge");
  const close = async () => {
    // The edge first: viewers stop being served before the relay finishes its broadcasts' playlists.
    await edge.stop();
    await relay.stop();
  };
  let edgeReady: Ready;
  try {
    [, edgeReady] = await Promise.all([relay.ready, edge.ready]);
  } catch (error) {
    await close();
    throw error;
  }
  const edgeUrl = edgeReady.edgeUrl ?? config.edge.publicUrl ?? `http://${config.edge.host}:${config.edge.port}`;
  log.info({ relay: relay.pid, edge: edge.pid }, "relay and edge processes ready");
  return { config, store, keyring, log, records, tools, adminKey, edgeUrl, relay, edge, close };
}
