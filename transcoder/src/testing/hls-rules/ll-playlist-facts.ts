/** Reads the facts the LL-HLS rules need from a media playlist's text (RFC 8216bis §4.4). */
import { attribute, parseAttributes, quotedAttribute } from "#core/manifest/hls-attributes.ts";

export interface PartFact {
  duration: number;
  uri: string | undefined;
  independent: boolean;
}

export interface SegmentFact {
  duration: number;
  uri: string;
  parts: PartFact[];
  programDateTime: boolean;
}

export interface RenditionReportFact {
  uri: string | undefined;
  lastMsn: number | undefined;
  lastPart: number | undefined;
}

export interface LlPlaylistFacts {
  startsWithExtm3u: boolean;
  version: number | undefined;
  targetDuration: number | undefined;
  mediaSequence: number | undefined;
  partTarget: number | undefined;
  serverControl: { canBlockReload: boolean; partHoldBack?: number; holdBack?: number; canSkipUntil?: number } | undefined;
  skippedSegments: number | undefined;
  segments: SegmentFact[];
  /** EXT-X-PART lines after the last EXTINF: the segment being written. */
  pendingParts: PartFact[];
  preloadHints: { type: string | undefined; uri: string | undefined }[];
  renditionReports: RenditionReportFact[];
  endList: boolean;
}

const number = (value: string | undefined): number | undefined => (value === undefined || value === "" || Number.isNaN(Number(value)) ? undefined : Number(value));

/** Collects tags line by line; unknown tags are ignored (§4.1: clients ignore them too). */
export function llPlaylistFacts(text: string): LlPlaylistFacts {
  const lines = text.split(/\r?\n/);
  const facts: LlPlaylistFacts = {
    startsWithExtm3u: lines[0] === "#EXTM3U",
    version: undefined, targetDuration: undefined, mediaSequence: undefined, partTarget: undefined,
    serverControl: undefined, skippedSegments: undefined, segments: [], pendingParts: [], preloadHints: [],
    renditionReports: [], endList: false,
  };
  let extinf: number | undefined;
  let pdt = false;
  for (const line of lines) {
    const colon = line.indexOf(":");
    const tag = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1);
    const attrs = () => parseAttributes(value);
    switch (tag) {
      case "#EXT-X-VERSION": facts.version = number(value); break;
      case "#EXT-X-TARGETDURATION": facts.targetDuration = number(value); break;
      case "#EXT-X-MEDIA-SEQUENCE": facts.mediaSequence = number(value); break;
      case "#EXT-X-PART-INF": facts.partTarget = number(attribute(attrs(), "PART-TARGET")); break;
      case "#EXT-X-SKIP": facts.skippedSegments = number(attribute(attrs(), "SKIPPED-SEGMENTS")); break;
      case "#EXT-X-ENDLIST": facts.endList = true; break;
      case "#EXT-X-PROGRAM-DATE-TIME": pdt = true; break;
      case "#EXTINF": extinf = number(value.split(",")[0]); break;
      case "#EXT-X-SERVER-CONTROL": {
        const a = attrs();
        const optional = (name: string, key: "partHoldBack" | "holdBack" | "canSkipUntil") => {
          const n = number(attribute(a, name));
          return n === undefined ? {} : { [key]: n };
        };
        facts.serverControl = { canBlockReload: attribute(a, "CAN-BLOCK-RELOAD") === "YES", ...optional("PART-HOLD-BACK", "partHoldBack"), ...optional("HOLD-BACK", "holdBack"), ...optional("CAN-SKIP-UNTIL", "canSkipUntil") };
        break;
      }
      case "#EXT-X-PART": {
        const a = attrs();
        facts.pendingParts.push({ duration: number(attribute(a, "DURATION")) ?? NaN, uri: quotedAttribute(a, "URI"), independent: attribute(a, "INDEPENDENT") === "YES" });
        break;
      }
      case "#EXT-X-PRELOAD-HINT": facts.preloadHints.push({ type: attribute(attrs(), "TYPE"), uri: quotedAttribute(attrs(), "URI") }); break;
      case "#EXT-X-RENDITION-REPORT": {
        const a = attrs();
        facts.renditionReports.push({ uri: quotedAttribute(a, "URI"), lastMsn: number(attribute(a, "LAST-MSN")), lastPart: number(attribute(a, "LAST-PART")) });
        break;
      }
      default:
        if (line !== "" && !line.startsWith("#")) {
          facts.segments.push({ duration: extinf ?? NaN, uri: line, parts: facts.pendingParts, programDateTime: pdt });
          facts.pendingParts = [];
          extinf = undefined;
          pdt = false;
        }
    }
  }
  return facts;
}
