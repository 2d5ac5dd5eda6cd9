/**
 * Fuzz target: the SRT streamid parser, differentially against the native one the listener runs
 * before a handshake is accepted (stream-id.cc). Inputs are random strings, strings from the Access
 * Control grammar (`#!::`, keys, `=`, `,`, `/`), mutations of real streamids and well-formed ones built
 * from random resources and keys. Invariants: both parsers give the same result, what parses meets the
 * resource and key rules, and a well-formed streamid parses to what it was built from.
 */
import * as fc from "fast-check";
import { fuzzTarget, invariant } from "#core/testing/fuzz/fuzz-target.ts";
import { asText, mutatedBytes, stringFrom, textSeeds } from "#core/testing/fuzz/mutations.ts";
import { loadSrtBinding, type SrtBinding } from "./native.ts";
import { maxKeyBytes, parseSrtStreamId, type SrtStreamIdResult } from "./stream-id.ts";

type StreamIdInput = { raw: string; expected?: SrtStreamIdResult };

let native: SrtBinding | null | undefined;
/** The native binding when it is built (origin-relay/native/srt), else only the TS parser runs. */
function nativeParser(): SrtBinding | null {
  if (native !== undefined) return native;
  try {
    native = loadSrtBinding();
  } catch {
    native = null;
  }
  return native;
}

const resource = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const key = fc.stringMatching(new RegExp(`^[\\x21-\\x2b\\x2d-\\x7e]{1,${maxKeyBytes}}$`));
const built = fc.oneof(
  fc.tuple(resource, key).map(([r, k]): StreamIdInput => ({ raw: `${r}/${k}`, expected: { ok: true, form: "plain", resource: r, key: k, user: null } })),
  fc.tuple(resource, fc.option(key, { nil: null }), fc.option(fc.stringMatching(/^[a-z0-9]{0,12}$/), { nil: null })).map(([r, k, u]): StreamIdInput => ({
    raw: ["#!::r=" + r, "m=publish", ...(k === null ? [] : [`s=${k}`]), ...(u === null ? [] : [`u=${u}`])].join(","),
    expected: { ok: true, form: "access-control", resource: r, key: k, user: u },
  })),
);

const RESOURCE = /^[A-Za-z0-9_-]{1,64}$/;
const KEY = /^[\x21-\x7e]{1,256}$/;

export const streamIdFuzz = fuzzTarget<StreamIdInput>({
  name: "srt-stream-id",
  parser: "origin-relay/src/srt/stream-id.ts (and native/srt/src/stream-id.cc)",
  seeds: () => textSeeds("#!::r=stream1,m=publish,s=tsk_live_abc", "#!::u=alice,r=stream1,s=k,t=stream", "stream1/tsk_live_abc", "#!::r=a,r=b", "#!::m=request,r=x"),
  arbitraries: (seeds) => ({
    text: fc.string({ unit: "binary", maxLength: 600 }).map((raw): StreamIdInput => ({ raw })),
    grammar: stringFrom(["#!::", "r=", "m=", "s=", "u=", "t=", "publish", "stream", "request", ",", "=", "/", "abc", "_", "-", " ", "\u00e9"], 80).map((raw): StreamIdInput => ({ raw })),
    mutated: mutatedBytes(seeds).map((bytes): StreamIdInput => ({ raw: asText(bytes) })),
    built,
  }),
  run({ raw, expected }) {
    const parsed = parseSrtStreamId(raw);
    if (parsed.ok) {
      invariant(RESOURCE.test(parsed.resource), `resource ${JSON.stringify(parsed.resource)} accepted`);
      invariant(parsed.key === null || KEY.test(parsed.key), `key ${JSON.stringify(parsed.key)} accepted`);
    }
    if (expected !== undefined) invariant(JSON.stringify(parsed) === JSON.stringify(expected), () => `${raw} parsed to ${JSON.stringify(parsed)}`);
    const binding = nativeParser();
    if (binding) {
      const other = binding.parseStreamId(raw);
      invariant(JSON.stringify(other) === JSON.stringify(parsed), () => `native ${JSON.stringify(other)} vs TS ${JSON.stringify(parsed)} for ${JSON.stringify(raw)}`);
    }
  },
});
