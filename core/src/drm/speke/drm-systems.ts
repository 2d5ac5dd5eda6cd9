/**
 * The DRM systems a SPEKE key provider can signal, by their DASH-IF system ids
 * (https://dashif.org/identifiers/content_protection/), and what a CPIX request asks each for
 * (SPEKE v2 "Standard payload components"): the `pssh` box and the MPD's ContentProtection data
 * where the system is signalled in ISO-BMFF and DASH, and the HLS key tags where it plays over HLS.
 */
import type { CpixScheme } from "./cpix-names.ts";

export const DRM_SYSTEMS = {
  widevine: { systemId: "edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", schemes: ["cenc", "cbcs"], pssh: true, hls: ["cbcs"] },
  playready: { systemId: "9a04f079-9840-4286-ab92-e65be0885f95", schemes: ["cenc", "cbcs"], pssh: true, hls: ["cbcs"] },
  // FairPlay plays cbcs over HLS only, keyed by the EXT-X-KEY the provider writes; it has no pssh in CMAF.
  fairplay: { systemId: "94ce86fb-07ff-4f43-adb8-93d2fa968ca2", schemes: ["cbcs"], pssh: false, hls: ["cbcs"] },
  // W3C Common PSSH box format (the ClearKey system id EME uses for `cenc` init data).
  clearkey: { systemId: "1077efec-c0b2-4d02-ace3-3c1e52e2fb4b", schemes: ["cenc", "cbcs"], pssh: true, hls: [] },
} as const satisfies Record<string, { systemId: string; schemes: readonly CpixScheme[]; pssh: boolean; hls: readonly CpixScheme[] }>;

export type DrmSystemName = keyof typeof DRM_SYSTEMS;
export const DRM_SYSTEM_NAMES = Object.keys(DRM_SYSTEMS) as DrmSystemName[];

/** What a request asks a system for under `scheme`. */
export interface DrmSystemAsk {
  pssh: boolean;
  contentProtectionData: boolean;
  hlsSignalingData: boolean;
}

export function supportsScheme(system: DrmSystemName, scheme: CpixScheme): boolean {
  return (DRM_SYSTEMS[system].schemes as readonly CpixScheme[]).includes(scheme);
}

export function drmSystemAsk(system: DrmSystemName, scheme: CpixScheme): DrmSystemAsk {
  const { pssh, hls } = DRM_SYSTEMS[system];
  return { pssh, contentProtectionData: pssh, hlsSignalingData: (hls as readonly CpixScheme[]).includes(scheme) };
}

/** The system a DASH-IF id names (any case), or `undefined`. */
export function drmSystemById(systemId: string): DrmSystemName | undefined {
  const id = systemId.toLowerCase();
  return DRM_SYSTEM_NAMES.find((name) => DRM_SYSTEMS[name].systemId === id);
}
