/** Options of the SRT ingest listener: one typed object with defaults, validated once, every problem reported together. */
import { TributaryError } from "#core/errors.ts";

export interface SrtListenerConfig {
  /** Numeric IPv4 or IPv6 address to bind ("0.0.0.0", "::" for dual stack). */
  host: string;
  /** UDP port; 0 picks a free one. */
  port: number;
  /** SRTO_LATENCY: the receive buffer delay that gives SRT time to retransmit, in ms. */
  latencyMs: number;
  /** SRTO_PAYLOADSIZE: 1316 = 7 TS packets, the MPEG-TS convention. */
  payloadSize: number;
  /** Connections open at once; further callers are refused with SRT_REJX_OVERLOAD in the handshake. */
  maxConnections: number;
  /** Bytes read from one socket before they are handed to JS as one Buffer. */
  batchBytes: number;
  /** Bytes handed from the native thread but not yet taken by JS; past this a connection is dropped. */
  maxQueuedBytes: number;
  /** Bytes held for a connection while `authorize` decides. */
  maxPendingBytes: number;
  /** Bytes a connection's Readable may buffer unread before it is dropped as a slow consumer. */
  maxBufferedBytes: number;
}

export const defaultSrtListenerConfig: SrtListenerConfig = {
  host: "0.0.0.0",
  port: 9000,
  latencyMs: 120,
  payloadSize: 1316,
  maxConnections: 64,
  batchBytes: 64 * 1024,
  maxQueuedBytes: 32 * 1024 * 1024,
  maxPendingBytes: 4 * 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
};

/** Inclusive bounds; the native side checks the same ones. */
const bounds: Record<Exclude<keyof SrtListenerConfig, "host">, [number, number]> = {
  port: [0, 65_535],
  latencyMs: [0, 60_000],
  payloadSize: [188, 1456],
  maxConnections: [1, 4096],
  batchBytes: [2 * 1456, 4 * 1024 * 1024],
  maxQueuedBytes: [1024 * 1024, 1024 * 1024 * 1024],
  maxPendingBytes: [64 * 1024, 1024 * 1024 * 1024],
  maxBufferedBytes: [64 * 1024, 1024 * 1024 * 1024],
};

export function resolveSrtListenerConfig(given: Partial<SrtListenerConfig>): SrtListenerConfig {
  const problems: string[] = [];
  const out = { ...defaultSrtListenerConfig };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (key === "host") {
      if (typeof value !== "string" || value.length === 0) problems.push("host: must be a numeric IP address");
      else out.host = value;
      continue;
    }
    const range = bounds[key as keyof typeof bounds] as [number, number] | undefined;
    if (range === undefined) problems.push(`${key}: unknown option`);
    else if (typeof value !== "number" || !Number.isSafeInteger(value) || value < range[0] || value > range[1]) problems.push(`${key}: must be an integer in [${range[0]}, ${range[1]}]`);
    else Object.assign(out, { [key]: value });
  }
  if (problems.length > 0) throw new TributaryError("config.invalid", `invalid SRT listener options: ${problems.join("; ")}`, { details: { problems } });
  return out;
}
