/**
 * What command handling needs from a connection: its state, its publish and the settings a publish
 * is decided with. `IngestConnection` implements it; `commands.ts` depends on this and not the class.
 */
import type { Logger } from "#core-node/logger.ts";
import type { RtmpLimits } from "../limits.ts";
import type { RtmpMessage } from "../message/type-ids.ts";
import type { FailureLimiter } from "./failure-limiter.ts";
import type { PublishRegistry } from "./publish-registry.ts";
import type { Publisher } from "./publisher.ts";
import type { Authorize, IngestFlow, PublishEndReason } from "./types.ts";

export type ConnectionState = "handshake" | "open" | "publishing" | "closed";

/** The connection settings that connect, createStream and publish read. */
export interface CommandOptions {
  remoteAddress: string;
  /** True over RTMPS. */
  secure: boolean;
  limits: RtmpLimits;
  authorize: Authorize;
  registry: PublishRegistry;
  limiter: FailureLimiter;
}

export interface CommandHost {
  state: ConnectionState;
  publisher: Publisher | undefined;
  readonly lastActivityAt: number;
  readonly options: CommandOptions;
  readonly log: Logger;
  readonly encoder: { chunkSize: number };
  readonly flow: IngestFlow;
  send(message: RtmpMessage): void;
  close(reason: PublishEndReason, detail: string): void;
  endPublish(reason: PublishEndReason, detail: string): void;
  evict(reason: string): void;
  waitFor(decision: Promise<void>): void;
}
