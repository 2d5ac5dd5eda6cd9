/**
 * ContentProtection descriptors for an encrypted presentation (ISO/IEC 23001-7 §11; DASH-IF IOP
 * content protection): the `mp4protection` scheme naming `cenc` or `cbcs` and the default KID, the
 * ClearKey system with its license URL, and one descriptor per DRM system `pssh` a key provider gave.
 */
import { parsePssh } from "../boxes/pssh.ts";
import { readChildren } from "../boxes/children.ts";
import type { DashContentProtection } from "./types.ts";

/** ISO/IEC 23009-1 §5.8.5.2: the common-encryption scheme descriptor. */
export const MP4_PROTECTION_SCHEME = "urn:mpeg:dash:mp4protection:2011";
/** DASH-IF ClearKey system (the id players map to `org.w3.clearkey`). */
export const CLEARKEY_SCHEME = "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e";
/** XML namespaces of the descriptors' attributes and children. */
export const CONTENT_PROTECTION_NAMESPACES = { cenc: "urn:mpeg:cenc:2013", dashif: "https://dashif.org/CPS", clearkey: "http://dashif.org/guidelines/clearKey" } as const;

/** A 16-byte id as a lower-case UUID (8-4-4-4-12). */
export function uuidOf(id: Uint8Array): string {
  if (id.byteLength !== 16) throw new TypeError("a UUID is 16 bytes");
  const h = Buffer.from(id).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface ContentProtectionOptions {
  scheme: "cenc" | "cbcs";
  /** The default KID (the `tenc` one). */
  kid: Uint8Array;
  /** Where a player posts its ClearKey license request (the edge's key endpoint); omit for no ClearKey descriptor. */
  clearKeyLicenseUrl?: string;
  /** DRM system `pssh` boxes from the key provider (Widevine, PlayReady), whole boxes. */
  pssh?: readonly Uint8Array[];
}

/**
 * The descriptors, mp4protection first (DASH-IF IOP §7.7.2).
 * @example contentProtection({ scheme: "cenc", kid, clearKeyLicenseUrl: "https://edge.example/k/<token>/<id>/<kid>" })
 */
export function contentProtection(options: ContentProtectionOptions): DashContentProtection[] {
  const out: DashContentProtection[] = [{ schemeIdUri: MP4_PROTECTION_SCHEME, value: options.scheme, defaultKid: uuidOf(options.kid) }];
  if (options.clearKeyLicenseUrl !== undefined) out.push({ schemeIdUri: CLEARKEY_SCHEME, value: "ClearKey1.0", licenseUrl: options.clearKeyLicenseUrl });
  for (const box of options.pssh ?? []) {
    const pssh = readChildren(box)[0];
    if (pssh?.type !== "pssh") throw new TypeError("a DRM system header must be a pssh box");
    out.push({ schemeIdUri: `urn:uuid:${uuidOf(parsePssh(pssh.payload).SystemID)}`, pssh: box });
  }
  return out;
}
