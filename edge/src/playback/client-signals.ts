/**
 * Reads what the viewer's client says about its network: Save-Data, the ECT and Downlink client hints
 * (advisory, so a malformed hint is ignored, not refused), and CMCD `mtp`/`bl`.
 */
import type { ClientSignals } from "#core/manifest/variant-policy.ts";
import type { Cmcd } from "#core/usage/cmcd.ts";

const ECT = new Set(["slow-2g", "2g", "3g", "4g"]);

export function readClientSignals(headers: Headers, cmcd: Cmcd | undefined): ClientSignals {
  const signals: ClientSignals = {};
  if (headers.get("save-data")?.trim().toLowerCase() === "on") signals.saveData = true;
  const ect = headers.get("ect")?.trim().toLowerCase();
  if (ect !== undefined && ECT.has(ect)) signals.ect = ect as ClientSignals["ect"];
  const downlink = headers.get("downlink")?.trim();
  if (downlink !== undefined && /^\d{1,5}(\.\d{1,3})?$/.test(downlink)) signals.downlinkMbps = Number(downlink);
  if (cmcd?.mtp !== undefined) signals.measuredKbps = cmcd.mtp;
  if (cmcd?.bl !== undefined) signals.bufferMs = cmcd.bl;
  return signals;
}
