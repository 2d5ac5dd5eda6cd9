/**
 * Reads a SPEKE v2.0 key provider's CPIX 2.3 answer to a `CpixRequest` and checks it whole: the
 * document echoes contentId, version and scheme; every requested key id is answered with a clear
 * 16-byte key (`pskc:Secret/PlainValue`; no DeliveryDataList is sent, so encrypted keys are refused);
 * every requested DRM system of every key comes back with what was asked (cpix-drm-answer.ts). A
 * provider may answer a key under a key id of its own (SPEKE v2 "Overriding the key identifier"); such
 * a key is matched to the request by its usage rule. Every problem found is listed in one error.
 */
import { CONTENT_KEY_BYTES } from "../content-key.ts";
import { CPIX_NS, CPIX_VERSION, PSKC_NS } from "./cpix-names.ts";
import { decodeBase64 } from "./base64.ts";
import { drmSystemAnswer, type CpixSystemAnswer } from "./cpix-drm-answer.ts";
import type { CpixContentKeyRequest, CpixRequest } from "./cpix-request.ts";
import { DRM_SYSTEMS, drmSystemAsk } from "./drm-systems.ts";
import { kidToUuid, uuidToKid } from "./kid-uuid.ts";
import { spekeError } from "./speke-error.ts";
import { parseXml } from "./xml/parse-xml.ts";
import { attribute, childrenNamed, type XmlElement } from "./xml/xml-element.ts";
import type { XmlLimits } from "./xml/xml-limits.ts";

export interface CpixKeyAnswer {
  /** The key id the request asked for. */
  readonly requestedKid: Uint8Array;
  /** The key id to encrypt under: the requested one, or the provider's override. */
  readonly kid: Uint8Array;
  readonly key: Uint8Array;
  readonly explicitIV?: Uint8Array;
  /** One per requested system, in the request's order. */
  readonly systems: readonly CpixSystemAnswer[];
}

const MAX_LISTED_PROBLEMS = 20;

function list(root: XmlElement, name: string): XmlElement[] {
  return childrenNamed(root, CPIX_NS, name).flatMap((element) => element.children);
}

/** The usage rule's track type and period, the key's identity when the provider overrides its id. */
function contractOf(rule: XmlElement): string {
  const period = childrenNamed(rule, CPIX_NS, "KeyPeriodFilter")[0];
  return `${(period && attribute(period, "periodId")) ?? ""} ${attribute(rule, "intendedTrackType") ?? ""}`;
}

function clearKey(element: XmlElement, where: string, problems: string[]): Uint8Array | undefined {
  const secret = childrenNamed(element, CPIX_NS, "Data").flatMap((data) => childrenNamed(data, PSKC_NS, "Secret"))[0];
  if (secret === undefined) return void problems.push(`${where}: no Data/Secret`);
  if (childrenNamed(secret, PSKC_NS, "EncryptedValue").length > 0) return void problems.push(`${where}: the key is encrypted, but no DeliveryDataList was sent; only PlainValue is accepted`);
  const plain = childrenNamed(secret, PSKC_NS, "PlainValue")[0];
  const key = plain && decodeBase64(plain.text);
  if (key === undefined) return void problems.push(`${where}: Secret/PlainValue is missing or not base64`);
  if (key.byteLength !== CONTENT_KEY_BYTES) return void problems.push(`${where}: the key is ${key.byteLength} bytes, not ${CONTENT_KEY_BYTES}`);
  return key;
}

function parseDocument(xml: string, limits: XmlLimits | undefined): XmlElement {
  try {
    return parseXml(xml, limits);
  } catch (error) {
    throw spekeError("invalid_response", `the answer is not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
}

/** The keys `xml` answers `request` with, in the request's order; throws `drm.key_unavailable` (`invalid_response`) listing each problem. */
export function parseCpixResponse(request: CpixRequest, xml: string, limits?: XmlLimits): CpixKeyAnswer[] {
  const root = parseDocument(xml, limits);
  const problems: string[] = [];
  if (root.ns !== CPIX_NS || root.local !== "CPIX") throw spekeError("invalid_response", `the answer's root is {${root.ns}}${root.local}, not cpix:CPIX`);
  if (attribute(root, "version") !== CPIX_VERSION) problems.push(`CPIX@version is ${JSON.stringify(attribute(root, "version") ?? null)}, not "${CPIX_VERSION}"`);
  if (attribute(root, "contentId") !== request.contentId) problems.push(`CPIX@contentId is ${JSON.stringify(attribute(root, "contentId") ?? null)}, not the requested ${JSON.stringify(request.contentId)}`);

  const answered = new Map<string, XmlElement>();
  for (const element of list(root, "ContentKeyList")) {
    const kid = attribute(element, "kid") ?? "";
    const bytes = uuidToKid(kid);
    if (bytes === undefined) problems.push(`ContentKey@kid ${JSON.stringify(kid)} is not a UUID`);
    else if (answered.has(kidToUuid(bytes))) problems.push(`ContentKey ${kid} appears twice`);
    else answered.set(kidToUuid(bytes), element);
  }
  const rules = new Map(list(root, "ContentKeyUsageRuleList").map((rule) => [contractOf(rule), (attribute(rule, "kid") ?? "").toLowerCase()]));
  const requestedKids = new Set(request.keys.map((key) => kidToUuid(key.kid)));
  const systems = list(root, "DRMSystemList");

  const answers: CpixKeyAnswer[] = [];
  for (const key of request.keys) {
    const answer = keyAnswer(request, key, { answered, rules, requestedKids, systems }, problems);
    if (answer) answers.push(answer);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_LISTED_PROBLEMS);
    throw spekeError("invalid_response", `the answer does not fit the request: ${shown.join("; ")}${problems.length > shown.length ? `; and ${problems.length - shown.length} more` : ""}`, {
      details: { problems: shown },
    });
  }
  return answers;
}

interface ResponseIndex {
  answered: ReadonlyMap<string, XmlElement>;
  rules: ReadonlyMap<string, string>;
  requestedKids: ReadonlySet<string>;
  systems: readonly XmlElement[];
}

function keyAnswer(request: CpixRequest, key: CpixContentKeyRequest, index: ResponseIndex, problems: string[]): CpixKeyAnswer | undefined {
  const requested = kidToUuid(key.kid);
  let kid = requested;
  if (!index.answered.has(kid)) {
    const override = index.rules.get(`${key.periodId ?? ""} ${key.intendedTrackType}`);
    if (override === undefined || index.requestedKids.has(override) || !index.answered.has(override)) return void problems.push(`no ContentKey answers key id ${requested}`);
    kid = override;
  }
  const element = index.answered.get(kid) as XmlElement;
  const where = `ContentKey ${kid}`;
  const scheme = attribute(element, "commonEncryptionScheme");
  if (scheme !== request.scheme) problems.push(`${where}: commonEncryptionScheme is ${JSON.stringify(scheme ?? null)}, not "${request.scheme}"`);
  const iv = attribute(element, "explicitIV");
  const explicitIV = iv === undefined ? undefined : decodeBase64(iv);
  if (iv !== undefined && explicitIV?.byteLength !== 16) problems.push(`${where}: explicitIV is not 16 bytes of base64`);
  const value = clearKey(element, where, problems);
  const systems: CpixSystemAnswer[] = [];
  for (const system of request.systems) {
    const { systemId } = DRM_SYSTEMS[system];
    const found = index.systems.filter((s) => (attribute(s, "kid") ?? "").toLowerCase() === kid && (attribute(s, "systemId") ?? "").toLowerCase() === systemId);
    const at = `DRMSystem ${system} of ${kid}`;
    if (found.length !== 1) problems.push(found.length === 0 ? `${at} is missing` : `${at} appears ${found.length} times`);
    else systems.push(drmSystemAnswer(found[0] as XmlElement, system, drmSystemAsk(system, request.scheme), at, problems));
  }
  if (value === undefined) return undefined;
  return { requestedKid: key.kid, kid: uuidToKid(kid) as Uint8Array, key: value, ...(explicitIV?.byteLength === 16 && { explicitIV }), systems };
}
