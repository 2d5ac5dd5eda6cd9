import { describe, expect, it } from "vitest";
import { isTributaryError } from "../errors.ts";
import { enforceAccessRules, type Viewer } from "./access.ts";
import type { AccessRules } from "./claims.ts";

const cases: { name: string; rules: AccessRules; viewer: Viewer; refusal?: string }[] = [
  { name: "no rules", rules: {}, viewer: {} },
  { name: "ip in list", rules: { ip: ["203.0.113.0/24", "2001:db8::/32"] }, viewer: { ip: "2001:db8::5" } },
  { name: "ip not in list", rules: { ip: ["203.0.113.0/24"] }, viewer: { ip: "198.51.100.1" }, refusal: "access.ip_denied" },
  { name: "ip unknown", rules: { ip: ["203.0.113.0/24"] }, viewer: {}, refusal: "access.ip_denied" },
  { name: "country allowed", rules: { countries: ["DE", "FR"] }, viewer: { country: "fr" } },
  { name: "country refused", rules: { countries: ["DE"] }, viewer: { country: "US" }, refusal: "access.country_denied" },
  { name: "referrer exact", rules: { referrers: ["player.example.com"] }, viewer: { referrer: "https://player.example.com/watch" } },
  { name: "referrer wildcard", rules: { referrers: ["*.example.com"] }, viewer: { referrer: "https://a.b.example.com/" } },
  { name: "wildcard excludes apex look-alike", rules: { referrers: ["*.example.com"] }, viewer: { referrer: "https://evilexample.com/" }, refusal: "access.referrer_denied" },
  { name: "referrer missing", rules: { referrers: ["example.com"] }, viewer: {}, refusal: "access.referrer_denied" },
];

describe("enforceAccessRules", () => {
  it.each(cases)("$name", ({ rules, viewer, refusal }) => {
    let code: string | undefined;
    try {
      enforceAccessRules(rules, viewer);
    } catch (error) {
      if (!isTributaryError(error)) throw error;
      code = error.code;
    }
    expect(code).toBe(refusal);
  });
});
