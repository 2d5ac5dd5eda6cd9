/**
 * Fuzz target: CMCD payloads (CTA-5004) from the query string and headers. Inputs are random strings,
 * strings from the grammar's alphabet (keys, `=`, `,`, quotes, backslashes), mutations of real player
 * payloads, and well-formed payloads built from random values. Invariants: a payload we build from
 * valid values parses back to those values, and unknown keys (any name outside the key table, such as
 * `constructor`) are ignored, never refused.
 */
import * as fc from "fast-check";
import { FuzzFinding, fuzzTarget, invariant } from "../testing/fuzz/fuzz-target.ts";
import { asText, mutatedBytes, stringFrom, textSeeds } from "../testing/fuzz/mutations.ts";
import { parseCmcdPayload, readCmcd, type Cmcd } from "./cmcd.ts";

type CmcdInput = { kind: "text"; payload: string } | { kind: "built"; cmcd: Cmcd; unknown: [string, string][] };

const quoted = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** CTA-5004 §3.2 serialization: bare key for true, quoted strings with `\` escapes, tokens and numbers as they are. */
function serialize(cmcd: Cmcd, unknown: [string, string][]): string {
  const pairs = Object.entries(cmcd).map(([key, value]) => (value === true ? key : typeof value === "string" && !["ot", "sf", "st"].includes(key) ? `${key}=${quoted(value)}` : `${key}=${value}`));
  return [...pairs, ...unknown.map(([k, v]) => `${k}=${v}`)].join(",");
}

const id = fc.string({ unit: "grapheme-ascii", maxLength: 64 });
const integer = fc.nat({ max: 999_999_999 });
const cmcd: fc.Arbitrary<Cmcd> = fc.record(
  {
    br: integer, bl: integer, bs: fc.constant(true), cid: id, d: integer, dl: integer, mtp: integer,
    nor: fc.string({ unit: "grapheme-ascii", maxLength: 40 }), nrr: fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}-${b}`),
    ot: fc.constantFrom("m", "a", "v", "av", "i", "c", "tt", "k", "o"), pr: fc.constantFrom(0.5, 1, 1.25, 2), rtp: integer,
    sf: fc.constantFrom("d", "h", "s", "o"), sid: id, st: fc.constantFrom("v", "l"), su: fc.constant(true), tb: integer, v: fc.constantFrom(1, 2),
  },
  { requiredKeys: [] },
);
/** Keys outside the table, including the names every object inherits. */
const unknownKey = fc.oneof(fc.constantFrom("constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "com.example-key", "x"), fc.stringMatching(/^[a-z]{1,8}$/));

const KNOWN = new Set(["br", "bl", "bs", "cid", "d", "dl", "mtp", "nor", "nrr", "ot", "pr", "rtp", "sf", "sid", "st", "su", "tb", "v"]);

export const cmcdFuzz = fuzzTarget<CmcdInput>({
  name: "cmcd",
  parser: "core/src/usage/cmcd.ts",
  seeds: () => textSeeds('br=3200,bl=21300,d=4004,mtp=25400,ot=v,rtp=15000,sid="6e2fb550-c457-11e9-bb97-0800200c9a66",tb=6000', 'bs,su,cid="faec5fc2-ac30-11ea-bb37-0242ac130002",nor="..%2F300kbps%2Fsegment35.m4v",nrr="12323-48763",pr=1.08,sf=d,st=v,v=1', 'sid="a\\"b\\\\c",br=1'),
  arbitraries: (seeds) => ({
    text: fc.string({ unit: "binary", maxLength: 300 }).map((payload): CmcdInput => ({ kind: "text", payload })),
    grammar: stringFrom(["br", "bs", "sid", "nrr", "ot", "pr", "=", ",", '"', "\\", "v", "1", "-", ".", " ", "__proto__", "constructor"]).map((payload): CmcdInput => ({ kind: "text", payload })),
    mutated: mutatedBytes(seeds).map((bytes): CmcdInput => ({ kind: "text", payload: asText(bytes) })),
    built: fc.record({ cmcd, unknown: fc.array(fc.tuple(unknownKey.filter((k) => !KNOWN.has(k)), fc.constantFrom("1", "abc", '"q"')), { maxLength: 3 }) }).map((b): CmcdInput => ({ kind: "built", ...b })),
  }),
  run(input) {
    if (input.kind === "text") {
      const parsed = parseCmcdPayload(input.payload);
      for (const key of Object.keys(parsed)) invariant(KNOWN.has(key), `unknown key ${key} kept`);
      readCmcd(null, (name) => (name === "cmcd-request" ? input.payload : undefined));
      return;
    }
    const payload = serialize(input.cmcd, input.unknown);
    let parsed: Cmcd;
    try {
      parsed = parseCmcdPayload(payload);
    } catch (error) {
      throw new FuzzFinding(`a valid payload was refused: ${payload}: ${String(error)}`);
    }
    invariant(JSON.stringify(parsed, Object.keys(parsed).sort()) === JSON.stringify(input.cmcd, Object.keys(parsed).sort()) && Object.keys(parsed).length === Object.keys(input.cmcd).length, () => `${payload} parsed to ${JSON.stringify(parsed)}`);
  },
});
