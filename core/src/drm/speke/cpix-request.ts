/**
 * The CPIX 2.3 document an encryptor sends a SPEKE v2.0 key provider: the key ids it wants keys for
 * (the encryptor chooses them, SPEKE v2 "Customizations and constraints"), the DRM systems to signal
 * each with, the live key periods, and the encryption contract (which key protects which tracks).
 * Elements go in the CPIX XSD's sequence order; what the provider must fill is sent empty.
 */
import { CPIX_NS, CPIX_VERSION, PSKC_NS, type CpixScheme, type IntendedTrackType } from "./cpix-names.ts";
import { encodeBase64 } from "./base64.ts";
import { DRM_SYSTEMS, drmSystemAsk, supportsScheme, type DrmSystemName } from "./drm-systems.ts";
import { kidToUuid } from "./kid-uuid.ts";
import { serializeXml, type XmlNode } from "./xml/serialize-xml.ts";

/** A live key period (CPIX ContentKeyPeriod); SPEKE tracks periods by `index` only. */
export interface CpixKeyPeriod {
  readonly id: string;
  readonly index: number;
}

export interface CpixContentKeyRequest {
  readonly kid: Uint8Array;
  readonly intendedTrackType: IntendedTrackType;
  /** 16-byte IV to suggest; the provider may replace it. */
  readonly explicitIV?: Uint8Array;
  /** The `id` of the period in `CpixRequest.periods` this key protects. */
  readonly periodId?: string;
}

export interface CpixRequest {
  /** CPIX@contentId: the provider's name for the content (SPEKE: mandatory, never changed by the provider). */
  readonly contentId: string;
  readonly scheme: CpixScheme;
  readonly keys: readonly CpixContentKeyRequest[];
  /** Every key is signalled for each of these systems. */
  readonly systems: readonly DrmSystemName[];
  readonly periods?: readonly CpixKeyPeriod[];
}

const XML_ID = /^[A-Za-z_][\w.-]{0,127}$/;

/** Refuses a request no provider could answer: it is built by our own code, so these are TypeErrors. */
function check(request: CpixRequest): void {
  if (request.contentId.length === 0 || request.contentId.length > 256) throw new TypeError("contentId must be 1-256 characters");
  if (request.keys.length === 0) throw new TypeError("a CPIX request needs at least one content key");
  if (request.systems.length === 0) throw new TypeError("a CPIX request needs at least one DRM system");
  for (const system of request.systems) if (!supportsScheme(system, request.scheme)) throw new TypeError(`${system} does not play ${request.scheme}`);
  const periods = new Set<string>();
  for (const { id, index } of request.periods ?? []) {
    if (!XML_ID.test(id) || periods.has(id)) throw new TypeError(`key period id ${JSON.stringify(id)} is not a unique XML id`);
    if (!Number.isSafeInteger(index) || index < 0) throw new TypeError("key period index must be a non-negative integer");
    periods.add(id);
  }
  const kids = new Set<string>();
  const contracts = new Set<string>();
  for (const key of request.keys) {
    const kid = kidToUuid(key.kid);
    if (kids.has(kid)) throw new TypeError(`key id ${kid} requested twice`);
    kids.add(kid);
    if (key.explicitIV !== undefined && key.explicitIV.byteLength !== 16) throw new TypeError("explicitIV must be 16 bytes");
    if (key.periodId !== undefined && !periods.has(key.periodId)) throw new TypeError(`key period ${key.periodId} is not in the period list`);
    // SPEKE v2 encryption contract: intendedTrackType is unique (per key period, when keys rotate).
    const contract = `${key.periodId ?? ""} ${key.intendedTrackType}`;
    if (contracts.has(contract)) throw new TypeError(`two keys for intendedTrackType ${key.intendedTrackType} in one period`);
    contracts.add(contract);
  }
}

const empty = (name: string, attributes: [string, string][] = []): XmlNode => ({ name, attributes });

function drmSystem(key: CpixContentKeyRequest, system: DrmSystemName, scheme: CpixScheme): XmlNode {
  const ask = drmSystemAsk(system, scheme);
  const children: XmlNode[] = [];
  if (ask.pssh) children.push(empty("cpix:PSSH"));
  if (ask.contentProtectionData) children.push(empty("cpix:ContentProtectionData"));
  // SPEKE v2: HLS signalling always comes as a pair, one for media playlists and one for the multivariant playlist.
  if (ask.hlsSignalingData) children.push(empty("cpix:HLSSignalingData", [["playlist", "media"]]), empty("cpix:HLSSignalingData", [["playlist", "master"]]));
  return { name: "cpix:DRMSystem", attributes: [["kid", kidToUuid(key.kid)], ["systemId", DRM_SYSTEMS[system].systemId]], children };
}

function usageRule(key: CpixContentKeyRequest): XmlNode {
  const children: XmlNode[] = [];
  if (key.periodId !== undefined) children.push(empty("cpix:KeyPeriodFilter", [["periodId", key.periodId]]));
  if (key.intendedTrackType !== "AUDIO") children.push(empty("cpix:VideoFilter"));
  if (key.intendedTrackType !== "VIDEO") children.push(empty("cpix:AudioFilter"));
  return { name: "cpix:ContentKeyUsageRule", attributes: [["kid", kidToUuid(key.kid)], ["intendedTrackType", key.intendedTrackType]], children };
}

/** The request as an element tree (the document `buildCpixRequest` writes). */
export function cpixRequestTree(request: CpixRequest): XmlNode {
  check(request);
  const contentKeys = request.keys.map(
    (key): XmlNode =>
      empty("cpix:ContentKey", [
        ["kid", kidToUuid(key.kid)],
        ...(key.explicitIV === undefined ? [] : ([["explicitIV", encodeBase64(key.explicitIV)]] as [string, string][])),
        ["commonEncryptionScheme", request.scheme],
      ]),
  );
  const children: XmlNode[] = [
    { name: "cpix:ContentKeyList", children: contentKeys },
    { name: "cpix:DRMSystemList", children: request.systems.flatMap((system) => request.keys.map((key) => drmSystem(key, system, request.scheme))) },
  ];
  if (request.periods !== undefined && request.periods.length > 0) {
    children.push({ name: "cpix:ContentKeyPeriodList", children: request.periods.map(({ id, index }) => empty("cpix:ContentKeyPeriod", [["id", id], ["index", String(index)]])) });
  }
  children.push({ name: "cpix:ContentKeyUsageRuleList", children: request.keys.map(usageRule) });
  return {
    name: "cpix:CPIX",
    attributes: [["contentId", request.contentId], ["version", CPIX_VERSION], ["xmlns:cpix", CPIX_NS], ["xmlns:pskc", PSKC_NS]],
    children,
  };
}

/** The CPIX request document, UTF-8 text. */
export function buildCpixRequest(request: CpixRequest): string {
  return serializeXml(cpixRequestTree(request));
}
