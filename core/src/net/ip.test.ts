import { describe, expect, it } from "vitest";
import { cidrContains, parseIp } from "./ip.ts";

const cases: { name: string; cidr: string; address: string; contains: boolean }[] = [
  { name: "v4 inside /8", cidr: "10.0.0.0/8", address: "10.200.3.4", contains: true },
  { name: "v4 outside /8", cidr: "10.0.0.0/8", address: "11.0.0.1", contains: false },
  { name: "v4 bare address", cidr: "192.0.2.7", address: "192.0.2.7", contains: true },
  { name: "v4 /0 matches all v4", cidr: "0.0.0.0/0", address: "203.0.113.9", contains: true },
  { name: "v4 /0 excludes v6", cidr: "0.0.0.0/0", address: "2001:db8::1", contains: false },
  { name: "v6 inside /32", cidr: "2001:db8::/32", address: "2001:db8:ffff::1", contains: true },
  { name: "v6 outside /32", cidr: "2001:db8::/32", address: "2001:db9::1", contains: false },
  { name: "v4-mapped v6 in v4 cidr", cidr: "198.51.100.0/24", address: "::ffff:198.51.100.20", contains: true },
  { name: "v6 loopback", cidr: "::1/128", address: "::1", contains: true },
  { name: "bad prefix length", cidr: "10.0.0.0/33", address: "10.0.0.1", contains: false },
  { name: "garbage address", cidr: "10.0.0.0/8", address: "10.0.0", contains: false },
];

describe("cidrContains", () => {
  it.each(cases)("$name", ({ cidr, address, contains }) => {
    expect(cidrContains(cidr, address)).toBe(contains);
  });

  it("parses compressed and full IPv6 forms to the same value", () => {
    expect(parseIp("2001:db8:0:0:0:0:0:1")).toBe(parseIp("2001:db8::1"));
    expect(parseIp("1::2::3")).toBeUndefined();
    expect(parseIp("256.1.1.1")).toBeUndefined();
  });
});
