/**
 * The RTMP (TCP) and RTMPS (TLS) ingest listeners: sockets in, `IngestConnection`s out. Auth and media
 * routing are injected; one publish registry and one failure limiter span both listeners.
 *
 * @example
 * const server = createRtmpServer({ authorize: async (req) => ({ ok: true, streamId, handlers }) });
 * const port = await server.listen({ port: 1935 });
 * await server.listenTls({ port: 1936, cert, key });
 */
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { cryptoRandom, systemClock, type Clock, type Random } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { createLogger, type Logger } from "#core-node/logger.ts";
import { defaultRtmpLimits, type RtmpLimits } from "./limits.ts";
import { IngestConnection } from "./session/connection.ts";
import { FailureLimiter, defaultFailureLimiterPolicy, type FailureLimiterPolicy } from "./session/failure-limiter.ts";
import { PublishRegistry } from "./session/publish-registry.ts";
import { defaultRtmpTimeouts, type Authorize, type RtmpTimeouts } from "./session/types.ts";

export interface RtmpServerOptions {
  authorize: Authorize;
  logger?: Logger;
  clock?: Clock;
  random?: Random;
  limits?: Partial<RtmpLimits>;
  timeouts?: Partial<RtmpTimeouts>;
  failurePolicy?: Partial<FailureLimiterPolicy>;
}

export interface RtmpServer {
  /** Starts a plain RTMP listener; resolves with the bound port. */
  listen(options: { port: number; host?: string }): Promise<number>;
  /** Starts an RTMPS listener with a PEM certificate and key; resolves with the bound port. */
  listenTls(options: { port: number; host?: string; cert: string; key: string }): Promise<number>;
  /** Connections currently open. */
  readonly connectionCount: number;
  /** Stops accepting, ends every publish with "server-closed" and closes every socket. */
  close(): Promise<void>;
}

/** Validates a partial numeric config against defaults, reporting every problem at once. */
function merge<T extends object>(what: string, defaults: T, given: Partial<T> | undefined, problems: string[]): T {
  const out = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (!(key in defaults)) problems.push(`${what}.${key}: unknown option`);
    else if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) problems.push(`${what}.${key}: must be a positive integer`);
    else Object.assign(out, { [key]: value });
  }
  return out;
}

export function createRtmpServer(options: RtmpServerOptions): RtmpServer {
  const problems: string[] = [];
  const limits = merge("limits", defaultRtmpLimits, options.limits, problems);
  const timeouts = merge("timeouts", defaultRtmpTimeouts, options.timeouts, problems);
  const failurePolicy = merge("failurePolicy", defaultFailureLimiterPolicy, options.failurePolicy, problems);
  if (limits.maxChunkSize > 0x7fffffff) problems.push("limits.maxChunkSize: above 0x7FFFFFFF");
  if (limits.maxReassemblyBytes < limits.maxMessageLength) problems.push("limits.maxReassemblyBytes: below limits.maxMessageLength");
  if (problems.length > 0) throw new TributaryError("config.invalid", `invalid RTMP server options: ${problems.join("; ")}`, { details: { problems } });

  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const logger = options.logger ?? createLogger("rtmp");
  const registry = new PublishRegistry(clock, timeouts.takeoverIdleMs);
  const limiter = new FailureLimiter(clock, failurePolicy);
  const connections = new Map<IngestConnection, Socket>();
  const servers: Server[] = [];
  let nextId = 1;

  const sweep = setInterval(() => {
    for (const connection of connections.keys()) connection.checkTimeouts();
  }, timeouts.sweepIntervalMs);
  sweep.unref();

  function accept(socket: Socket, secure: boolean): void {
    socket.setNoDelay(true);
    const remoteAddress = socket.remoteAddress ?? "unknown";
    const log = logger.child({ connection: nextId++, remoteAddress, secure });
    const connection = new IngestConnection(
      {
        write: (bytes) => socket.write(bytes),
        pause: () => socket.pause(),
        resume: () => socket.resume(),
        // Flush replies (e.g. BadName) before closing; destroy once the write side has drained.
        close: () => socket.end(() => socket.destroy()),
      },
      { remoteAddress, secure, clock, random, logger: log, limits, timeouts, authorize: options.authorize, registry, limiter, onClosed: (c) => connections.delete(c) },
    );
    connections.set(connection, socket);
    socket.on("data", (data: Buffer) => connection.receive(data));
    socket.on("error", (error) => log.debug({ err: error.message }, "socket error"));
    socket.on("close", () => connection.close("disconnected", "socket closed"));
  }

  function bind(server: Server, port: number, host: string | undefined): Promise<number> {
    servers.push(server);
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host ?? "0.0.0.0", () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  return {
    listen: ({ port, host }) => bind(createServer((socket) => accept(socket, false)), port, host),
    listenTls: ({ port, host, cert, key }) => {
      const server = createTlsServer({ cert, key }, (socket) => accept(socket, true));
      server.on("tlsClientError", (error) => logger.debug({ err: error.message }, "TLS handshake failed"));
      return bind(server, port, host);
    },
    get connectionCount() {
      return connections.size;
    },
    async close() {
      clearInterval(sweep);
      const closing = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      for (const [connection, socket] of [...connections]) {
        connection.close("server-closed", "server shutting down");
        socket.destroy();
      }
      await Promise.all(closing);
    },
  };
}
