import { describe, expect, it } from "vitest";
import { loadSrtBinding } from "./native.ts";
import { parseSrtStreamId, type SrtStreamIdResult } from "./stream-id.ts";

interface Case {
  name: string;
  raw: string;
  parsed: SrtStreamIdResult;
}

const ok = (form: "access-control" | "plain", resource: string, key: string | null = null, user: string | null = null): SrtStreamIdResult => ({ ok: true, form, resource, key, user });
const fail = (error: Extract<SrtStreamIdResult, { ok: false }>["error"]): SrtStreamIdResult => ({ ok: false, error });

// One table for the TS parser and the native one (stream-id.cc); both must give exactly `parsed`.
const cases: Case[] = [
  { name: "access control, publish", raw: "#!::r=cam1,m=publish", parsed: ok("access-control", "cam1") },
  { name: "access control, key order free", raw: "#!::m=publish,r=cam1", parsed: ok("access-control", "cam1") },
  { name: "access control, key in s and user in u", raw: "#!::r=cam1,m=publish,s=sk_abc-DEF_123,u=alice", parsed: ok("access-control", "cam1", "sk_abc-DEF_123", "alice") },
  { name: "access control, m missing reads as publish", raw: "#!::r=cam1", parsed: ok("access-control", "cam1") },
  { name: "access control, t=stream allowed", raw: "#!::r=cam1,t=stream", parsed: ok("access-control", "cam1") },
  { name: "access control, unknown keys ignored", raw: "#!::r=cam1,h=example.com,xfoo=bar", parsed: ok("access-control", "cam1") },
  { name: "access control, empty user kept", raw: "#!::r=cam1,u=", parsed: ok("access-control", "cam1", null, "") },
  { name: "access control, m=request refused", raw: "#!::r=cam1,m=request", parsed: fail("bad_mode") },
  { name: "access control, m=bidirectional refused", raw: "#!::r=cam1,m=bidirectional", parsed: fail("bad_mode") },
  { name: "access control, t=file refused", raw: "#!::r=cam1,t=file", parsed: fail("bad_type") },
  { name: "access control, no r", raw: "#!::m=publish", parsed: fail("bad_resource") },
  { name: "access control, r with a slash", raw: "#!::r=live/cam1", parsed: fail("bad_resource") },
  { name: "access control, r longer than a stream id", raw: `#!::r=${"a".repeat(65)}`, parsed: fail("bad_resource") },
  { name: "access control, empty s", raw: "#!::r=cam1,s=", parsed: fail("bad_key") },
  { name: "access control, s with a space", raw: "#!::r=cam1,s=a b", parsed: fail("bad_key") },
  { name: "access control, s of 257 bytes", raw: `#!::r=cam1,s=${"k".repeat(257)}`, parsed: fail("bad_key") },
  { name: "access control, s of 256 bytes", raw: `#!::r=cam1,s=${"k".repeat(256)}`, parsed: ok("access-control", "cam1", "k".repeat(256)) },
  { name: "access control, repeated key", raw: "#!::r=cam1,r=cam2", parsed: fail("malformed") },
  { name: "access control, item without =", raw: "#!::r=cam1,publish", parsed: fail("malformed") },
  { name: "access control, empty key name", raw: "#!::=x,r=cam1", parsed: fail("malformed") },
  { name: "access control, trailing comma", raw: "#!::r=cam1,", parsed: fail("malformed") },
  { name: "access control, empty body", raw: "#!::", parsed: fail("malformed") },
  { name: "plain, id and key", raw: "cam1/sk_0123456789abcdefABCDEF", parsed: ok("plain", "cam1", "sk_0123456789abcdefABCDEF") },
  { name: "plain, key may hold slashes", raw: "cam1/a/b", parsed: ok("plain", "cam1", "a/b") },
  { name: "plain, no key", raw: "cam1", parsed: fail("missing_key") },
  { name: "plain, empty key", raw: "cam1/", parsed: fail("bad_key") },
  { name: "plain, empty id", raw: "/key", parsed: fail("bad_resource") },
  { name: "plain, id with a dot", raw: "cam.1/key", parsed: fail("bad_resource") },
  { name: "percent-encoded prefix is not decoded", raw: "%23!::r=cam1,m=publish", parsed: fail("missing_key") },
  { name: "empty", raw: "", parsed: fail("empty") },
  { name: "control character", raw: "cam1/ke\ny", parsed: fail("bad_character") },
  { name: "non-ASCII", raw: "cam1/kéy", parsed: fail("bad_character") },
  { name: "512 bytes whose key is over 256", raw: `cam1/${"k".repeat(507)}`, parsed: fail("bad_key") },
  { name: "513 bytes", raw: `#!::r=cam1,u=${"u".repeat(500)}`, parsed: fail("too_long") },
  { name: "non-ASCII over 512 bytes but not 512 characters", raw: "é".repeat(300), parsed: fail("too_long") },
  { name: "512 bytes with a long user", raw: `#!::r=cam1,u=${"u".repeat(499)}`, parsed: ok("access-control", "cam1", null, "u".repeat(499)) },
];

describe("parseSrtStreamId", () => {
  it.each(cases)("$name", ({ raw, parsed }) => {
    expect(parseSrtStreamId(raw)).toEqual(parsed);
  });
});

describe("native parseStreamId agrees with the TS parser", () => {
  const binding = loadSrtBinding();
  it.each(cases)("$name", ({ raw, parsed }) => {
    expect(binding.parseStreamId(raw)).toEqual(parsed);
  });
});
