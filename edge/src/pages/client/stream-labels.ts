/** How stream settings and ingest figures read in the dashboard. */
import type { StreamView } from "./api-client.ts";

const STATUS_LABELS: Record<StreamView["status"], string> = { live: "Live", reconnecting: "Reconnecting", idle: "Idle" };

export const statusLabel = (status: StreamView["status"]): string => STATUS_LABELS[status];
export const latencyLabel = (mode: StreamView["latencyMode"]): string => (mode === "low" ? "Low" : "Normal");

export function formatBitrate(bps: number): string {
  return bps >= 1e6 ? `${(bps / 1e6).toFixed(2)} Mbit/s` : `${Math.round(bps / 1e3)} kbit/s`;
}
