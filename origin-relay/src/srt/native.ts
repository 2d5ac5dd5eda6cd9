/**
 * Loads the libsrt binding (origin-relay/native/srt, built by its `npm install` script or by
 * `node origin-relay/native/srt/build.mjs`) and types what it exports.
 */
import { createRequire } from "node:module";
import { TributaryError } from "#core/errors.ts";
import type { SrtListenerConfig } from "./listener-config.ts";
import type { SrtStreamIdResult } from "./stream-id.ts";

export const nativeBindingPath = new URL("../../native/srt/build/Release/tributary_srt.node", import.meta.url);

/** The part of the listener config the native side enforces itself. */
export type NativeListenerOptions = Pick<SrtListenerConfig, "host" | "port" | "latencyMs" | "payloadSize" | "maxConnections" | "batchBytes" | "maxQueuedBytes">;

/** What the native thread reports; `id` names an accepted connection (0 for rejects). */
export type NativeEvent =
  | { type: "connect"; id: number; streamId: string; peerAddress: string; peerPort: number }
  | { type: "data"; id: number; data: Buffer }
  | { type: "disconnect"; id: number; reason: string }
  | { type: "reject"; id: 0; streamId: string; peerAddress: string; peerPort: number; code: number; reason: string };

export interface NativeListener {
  /** Binds and starts the receiving thread; returns the bound UDP port. */
  listen(): number;
  /** Accept `resource` from now on; keyHash is a 32-byte SHA-256 digest. */
  allow(resource: string, keyHash: Buffer | null, passphrase: string | null): void;
  revoke(resource: string): boolean;
  closeConnection(id: number, reason: string): void;
  /** `onClosed` runs after the thread has stopped and every queued event was delivered. */
  close(onClosed: () => void): void;
}

export interface SrtBinding {
  Listener: new (options: NativeListenerOptions, onEvent: (event: NativeEvent) => void) => NativeListener;
  parseStreamId(raw: string): SrtStreamIdResult;
}

let binding: SrtBinding | undefined;

/** The binding, loaded once; throws a fatal `config.invalid` error naming the build command when absent. */
export function loadSrtBinding(): SrtBinding {
  if (binding !== undefined) return binding;
  const require = createRequire(import.meta.url);
  try {
    binding = require(nativeBindingPath.pathname) as SrtBinding;
  } catch (cause) {
    throw new TributaryError(
      "config.invalid",
      `SRT ingest needs the libsrt binding at ${nativeBindingPath.pathname}: run \`node origin-relay/native/srt/build.mjs\` (installs libsrt-openssl-dev when root, then builds)`,
      { fatal: true, cause },
    );
  }
  return binding;
}
