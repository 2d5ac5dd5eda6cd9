/**
 * One DRMSystem of a CPIX response, checked against what the request asked of it: each element the
 * request sent empty must come back with a value (SPEKE v2 "Customizations and constraints"), the
 * `pssh` must be a well-formed box for that system, and a `pssh` inside ContentProtectionData must be
 * the same box (the encryptor must refuse a mismatch).
 */
import { CPIX_NS } from "./cpix-names.ts";
import { decodeBase64 } from "./base64.ts";
import { DRM_SYSTEMS, type DrmSystemAsk, type DrmSystemName } from "./drm-systems.ts";
import { psshProblem } from "./pssh-box.ts";
import { parseXml } from "./xml/parse-xml.ts";
import { attribute, childrenNamed, type XmlElement } from "./xml/xml-element.ts";

export interface CpixSystemAnswer {
  readonly system: DrmSystemName;
  /** The whole `pssh` box, written into init segments as given. */
  readonly pssh?: Uint8Array;
  /** Children of the MPD's ContentProtection element for this system (XML text). */
  readonly contentProtectionData?: string;
  /** The `#EXT-X-KEY` tags for media playlists and `#EXT-X-SESSION-KEY` tags for the multivariant playlist. */
  readonly hlsSignalingData?: { readonly media: string; readonly master: string };
}

/** Decoded sizes past which a provider's value is refused. */
export const DRM_DATA_LIMITS = { psshBytes: 65_536, contentProtectionDataBytes: 65_536, hlsSignalingDataBytes: 16_384 } as const;

const CENC_NS = "urn:mpeg:cenc:2013";
// Prefixes DASH-IF and PlayReady use inside ContentProtection; a fragment may rely on the MPD declaring them.
const FRAGMENT_PREFIXES = `xmlns:cenc="${CENC_NS}" xmlns:mspr="urn:microsoft:playready" xmlns:dashif="https://dashif.org/CPS"`;

function singleText(parent: XmlElement, local: string, where: string, problems: string[]): string | undefined {
  const found = childrenNamed(parent, CPIX_NS, local);
  if (found.length === 0 || found[0]?.text.trim() === "") {
    problems.push(`${where}: ${local} was asked for and is missing or empty`);
    return undefined;
  }
  if (found.length > 1) problems.push(`${where}: ${local} appears ${found.length} times`);
  return found[0]?.text;
}

function decoded(value: string, what: string, limit: number, problems: string[]): Uint8Array | undefined {
  const bytes = decodeBase64(value);
  if (bytes === undefined) problems.push(`${what} is not base64`);
  else if (bytes.byteLength > limit) problems.push(`${what} is ${bytes.byteLength} bytes, more than ${limit}`);
  else return bytes;
  return undefined;
}

function utf8(bytes: Uint8Array, what: string, problems: string[]): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    problems.push(`${what} is not UTF-8 text`);
    return undefined;
  }
}

function findPssh(element: XmlElement): XmlElement | undefined {
  if (element.ns === CENC_NS && element.local === "pssh") return element;
  for (const child of element.children) {
    const found = findPssh(child);
    if (found) return found;
  }
  return undefined;
}

function contentProtection(text: string, pssh: Uint8Array | undefined, where: string, problems: string[]): void {
  let fragment: XmlElement;
  try {
    fragment = parseXml(`<f ${FRAGMENT_PREFIXES}>${text}</f>`);
  } catch (error) {
    problems.push(`${where}: ContentProtectionData is not an XML fragment (${(error as Error).message})`);
    return;
  }
  const inner = findPssh(fragment);
  if (inner === undefined || pssh === undefined) return;
  const innerBytes = decodeBase64(inner.text);
  if (innerBytes === undefined || innerBytes.byteLength !== pssh.byteLength || innerBytes.some((b, i) => b !== pssh[i])) {
    problems.push(`${where}: the pssh in ContentProtectionData differs from PSSH`);
  }
}

function hlsTags(element: XmlElement, where: string, problems: string[]): { media: string; master: string } | undefined {
  const byPlaylist = new Map<string, string>();
  for (const data of childrenNamed(element, CPIX_NS, "HLSSignalingData")) {
    const playlist = attribute(data, "playlist") ?? "";
    if (playlist !== "media" && playlist !== "master") problems.push(`${where}: HLSSignalingData@playlist ${JSON.stringify(playlist)} is neither media nor master`);
    else if (byPlaylist.has(playlist)) problems.push(`${where}: two HLSSignalingData for playlist=${playlist}`);
    else byPlaylist.set(playlist, data.text);
  }
  const tags: Record<string, string> = {};
  for (const [playlist, tag] of [["media", "#EXT-X-KEY:"], ["master", "#EXT-X-SESSION-KEY:"]] as const) {
    const what = `${where}: HLSSignalingData playlist=${playlist}`;
    const value = byPlaylist.get(playlist);
    if (value === undefined || value.trim() === "") {
      problems.push(`${what} was asked for and is missing or empty`);
      continue;
    }
    const bytes = decoded(value, what, DRM_DATA_LIMITS.hlsSignalingDataBytes, problems);
    const text = bytes && utf8(bytes, what, problems);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
    if (lines.length === 0 || lines.some((line) => !line.startsWith(tag))) problems.push(`${what} holds something other than ${tag} tags`);
    else tags[playlist] = lines.join("\n");
  }
  return tags["media"] !== undefined && tags["master"] !== undefined ? { media: tags["media"], master: tags["master"] } : undefined;
}

/** The answer for `system` from its DRMSystem element, with every problem added to `problems`. */
export function drmSystemAnswer(element: XmlElement, system: DrmSystemName, ask: DrmSystemAsk, where: string, problems: string[]): CpixSystemAnswer {
  const before = problems.length;
  let pssh: Uint8Array | undefined;
  if (ask.pssh) {
    const text = singleText(element, "PSSH", where, problems);
    pssh = text === undefined ? undefined : decoded(text, `${where}: PSSH`, DRM_DATA_LIMITS.psshBytes, problems);
    const problem = pssh && psshProblem(pssh, DRM_SYSTEMS[system].systemId);
    if (problem !== undefined) problems.push(`${where}: PSSH ${problem}`);
  }
  let contentProtectionData: string | undefined;
  if (ask.contentProtectionData) {
    const text = singleText(element, "ContentProtectionData", where, problems);
    const bytes = text === undefined ? undefined : decoded(text, `${where}: ContentProtectionData`, DRM_DATA_LIMITS.contentProtectionDataBytes, problems);
    contentProtectionData = bytes && utf8(bytes, `${where}: ContentProtectionData`, problems);
    if (contentProtectionData !== undefined) contentProtection(contentProtectionData, pssh, where, problems);
  }
  const hlsSignalingData = ask.hlsSignalingData ? hlsTags(element, where, problems) : undefined;
  if (problems.length > before) return { system };
  return { system, ...(pssh && { pssh }), ...(contentProtectionData !== undefined && { contentProtectionData }), ...(hlsSignalingData && { hlsSignalingData }) };
}
