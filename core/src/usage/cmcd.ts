/**
 * CMCD, Common Media Client Data (CTA-5004): what a player says about itself on each request, from the
 * `CMCD` query parameter or the `CMCD-Request/Object/Status/Session` headers. Keys are typed as the spec
 * types them; a known key with a bad value is refused with a reason, unknown keys are ignored (§3.1:
 * receivers ignore keys they do not understand), custom keys (with a hyphen) are ignored too.
 */
import { TributaryError } from "../errors.ts";

export type CmcdObjectType = "m" | "a" | "v" | "av" | "i" | "c" | "tt" | "k" | "o";
export type CmcdStreamingFormat = "d" | "h" | "s" | "o";
export type CmcdStreamType = "v" | "l";

export interface Cmcd {
  /** Encoded bitrate, kbps. */ br?: number;
  /** Buffer length, ms (rounded to 100). */ bl?: number;
  /** Buffer starvation since the last request. */ bs?: boolean;
  /** Content id. */ cid?: string;
  /** Object duration, ms. */ d?: number;
  /** Deadline, ms. */ dl?: number;
  /** Measured throughput, kbps. */ mtp?: number;
  /** Next object request (relative path). */ nor?: string;
  /** Next range request, `<start>-<end>`. */ nrr?: string;
  ot?: CmcdObjectType;
  /** Playback rate. */ pr?: number;
  /** Requested maximum throughput, kbps. */ rtp?: number;
  sf?: CmcdStreamingFormat;
  /** Session id. */ sid?: string;
  st?: CmcdStreamType;
  /** Startup. */ su?: boolean;
  /** Top bitrate, kbps. */ tb?: number;
  /** CMCD version. */ v?: number;
}

type Kind = "integer" | "decimal" | "boolean" | "string" | { tokens: readonly string[] };

const KEYS: Record<keyof Cmcd, Kind> = {
  br: "integer", bl: "integer", bs: "boolean", cid: "string", d: "integer", dl: "integer", mtp: "integer",
  nor: "string", nrr: "string", ot: { tokens: ["m", "a", "v", "av", "i", "c", "tt", "k", "o"] }, pr: "decimal",
  rtp: "integer", sf: { tokens: ["d", "h", "s", "o"] }, sid: "string", st: { tokens: ["v", "l"] }, su: "boolean",
  tb: "integer", v: "integer",
};

/** Longest CMCD payload accepted from one source; real players send a few hundred bytes. */
export const MAX_CMCD_LENGTH = 2048;
/** CTA-5004 caps `cid` and `sid` at 64 characters. */
const MAX_ID_LENGTH = 64;

export const CMCD_HEADERS = ["cmcd-request", "cmcd-object", "cmcd-status", "cmcd-session"] as const;

function refuse(reason: string): TributaryError {
  return new TributaryError("request.invalid", `bad CMCD: ${reason}`, { details: { reason } });
}

/** Parses one CMCD payload (`br=3200,bs,ot=v,sid="6e2f"`) into `into`; throws `request.invalid` with a reason. */
export function parseCmcdPayload(payload: string, into: Cmcd = {}): Cmcd {
  if (payload.length > MAX_CMCD_LENGTH) throw refuse(`longer than ${MAX_CMCD_LENGTH} characters`);
  const record = into as Record<string, unknown>;
  for (const pair of splitPairs(payload)) {
    const equals = pair.indexOf("=");
    const key = (equals < 0 ? pair : pair.slice(0, equals)).trim();
    const raw = equals < 0 ? undefined : pair.slice(equals + 1).trim();
    if (key === "") continue;
    // Own keys only: `constructor` or `__proto__` are unknown keys, not Object.prototype's.
    if (!Object.hasOwn(KEYS, key)) continue;
    const kind = (KEYS as Record<string, Kind>)[key] as Kind;
    if (Object.hasOwn(record, key)) throw refuse(`key ${key} given twice`);
    record[key] = parseValue(key, kind, raw);
  }
  return into;
}

/** Splits on commas outside quoted strings. */
function splitPairs(payload: string): string[] {
  const pairs: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < payload.length; i++) {
    const ch = payload[i];
    if (ch === "\\" && quoted) i++; // an escaped character (`\"` or `\\`) never ends the string
    else if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      pairs.push(payload.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) throw refuse("unterminated string");
  pairs.push(payload.slice(start));
  return pairs;
}

function parseValue(key: string, kind: Kind, raw: string | undefined): string | number | boolean {
  if (kind === "boolean") {
    // §3.2: a true boolean is sent as the bare key; false is sent by leaving the key out.
    if (raw !== undefined) throw refuse(`${key} is a boolean and takes no value`);
    return true;
  }
  if (raw === undefined) throw refuse(`${key} needs a value`);
  if (kind === "integer") {
    if (!/^\d{1,12}$/.test(raw)) throw refuse(`${key} must be a non-negative integer`);
    return Number(raw);
  }
  if (kind === "decimal") {
    if (!/^\d{1,6}(\.\d{1,6})?$/.test(raw)) throw refuse(`${key} must be a decimal`);
    return Number(raw);
  }
  if (kind === "string") {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(raw)) throw refuse(`${key} must be a quoted string`);
    const value = raw.slice(1, -1).replace(/\\(.)/g, "$1");
    if ((key === "sid" || key === "cid") && value.length > MAX_ID_LENGTH) throw refuse(`${key} longer than ${MAX_ID_LENGTH} characters`);
    if (key === "nrr" && !/^\d*-\d*$/.test(value)) throw refuse("nrr must be a byte range <start>-<end>");
    return value;
  }
  if (!kind.tokens.includes(raw)) throw refuse(`${key} must be one of ${kind.tokens.join(", ")}`);
  return raw;
}

/**
 * Reads CMCD from a request: the `CMCD` query parameter when present, else the four headers.
 * Returns `undefined` when the player sent none.
 * @example readCmcd(new URL(request.url).searchParams.get("CMCD"), (name) => request.headers.get(name))
 */
export function readCmcd(query: string | null | undefined, header: (name: string) => string | null | undefined): Cmcd | undefined {
  if (query !== null && query !== undefined) return parseCmcdPayload(query);
  let cmcd: Cmcd | undefined;
  for (const name of CMCD_HEADERS) {
    const value = header(name);
    if (value === null || value === undefined) continue;
    cmcd = parseCmcdPayload(value, cmcd ?? {});
  }
  return cmcd;
}
