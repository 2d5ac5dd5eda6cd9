import { describe, expect, it } from "vitest";
import { embeddedV4, forbiddenRange, type ForbiddenRange } from "./address-ranges.ts";

/** Every forbidden range at its edges, with the first public address just outside where one exists. */
const cases: { address: string; range: ForbiddenRange | undefined }[] = [
  // IPv4 unspecified / "this network"
  { address: "0.0.0.0", range: "unspecified" },
  { address: "0.255.255.255", range: "unspecified" },
  { address: "1.0.0.0", range: undefined },
  // loopback
  { address: "127.0.0.1", range: "loopback" },
  { address: "127.255.255.254", range: "loopback" },
  { address: "126.255.255.255", range: undefined },
  { address: "128.0.0.0", range: undefined },
  // RFC 1918
  { address: "10.0.0.0", range: "private" },
  { address: "10.255.255.255", range: "private" },
  { address: "11.0.0.0", range: undefined },
  { address: "172.16.0.0", range: "private" },
  { address: "172.31.255.255", range: "private" },
  { address: "172.15.255.255", range: undefined },
  { address: "172.32.0.0", range: undefined },
  { address: "192.168.0.1", range: "private" },
  { address: "192.169.0.0", range: undefined },
  // link-local and the metadata service
  { address: "169.254.169.254", range: "link-local" },
  { address: "169.254.0.0", range: "link-local" },
  { address: "169.255.0.0", range: undefined },
  // CGNAT
  { address: "100.64.0.0", range: "shared" },
  { address: "100.127.255.255", range: "shared" },
  { address: "100.63.255.255", range: undefined },
  { address: "100.128.0.0", range: undefined },
  // multicast, reserved, broadcast
  { address: "224.0.0.1", range: "multicast" },
  { address: "239.255.255.255", range: "multicast" },
  { address: "240.0.0.1", range: "reserved" },
  { address: "255.255.255.255", range: "reserved" },
  { address: "192.0.0.8", range: "reserved" },
  { address: "198.18.0.1", range: "reserved" },
  // public IPv4
  { address: "8.8.8.8", range: undefined },
  { address: "93.184.216.34", range: undefined },
  { address: "223.255.255.255", range: undefined },
  // IPv6 unspecified and loopback, in every spelling
  { address: "::", range: "unspecified" },
  { address: "0:0:0:0:0:0:0:0", range: "unspecified" },
  { address: "::1", range: "loopback" },
  { address: "0:0:0:0:0:0:0:1", range: "loopback" },
  { address: "0000:0000:0000:0000:0000:0000:0000:0001", range: "loopback" },
  { address: "[::1]", range: "loopback" },
  // unique local, link-local (with zone), site-local, multicast
  { address: "fc00::1", range: "private" },
  { address: "fd12:3456:789a::1", range: "private" },
  { address: "FDFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF", range: "private" },
  { address: "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", range: undefined },
  { address: "fe80::1", range: "link-local" },
  { address: "fe80::1%eth0", range: "link-local" },
  { address: "febf::1", range: "link-local" },
  { address: "fec0::1", range: "private" },
  { address: "ff02::1", range: "multicast" },
  { address: "ff0e::1", range: "multicast" },
  // IPv4-mapped: judged as the IPv4 address inside
  { address: "::ffff:127.0.0.1", range: "loopback" },
  { address: "::ffff:7f00:1", range: "loopback" },
  { address: "0:0:0:0:0:ffff:7f00:0001", range: "loopback" },
  { address: "::FFFF:169.254.169.254", range: "link-local" },
  { address: "::ffff:a9fe:a9fe", range: "link-local" },
  { address: "::ffff:10.1.2.3", range: "private" },
  { address: "::ffff:100.64.0.1", range: "shared" },
  { address: "::ffff:0.0.0.0", range: "unspecified" },
  { address: "::ffff:224.0.0.1", range: "multicast" },
  { address: "::ffff:8.8.8.8", range: undefined },
  // IPv4-compatible (deprecated), NAT64 and 6to4 forms
  { address: "::127.0.0.1", range: "reserved" },
  { address: "::8.8.8.8", range: "reserved" },
  { address: "64:ff9b::127.0.0.1", range: "loopback" },
  { address: "64:ff9b::a9fe:a9fe", range: "link-local" },
  { address: "64:ff9b::8.8.8.8", range: undefined },
  { address: "64:ff9b:1::1", range: "private" },
  { address: "2002:7f00:1::", range: "loopback" },
  { address: "2002:c0a8:101::1", range: "private" },
  { address: "2002:808:808::1", range: undefined },
  { address: "100::1", range: "reserved" },
  // public IPv6
  { address: "2001:4860:4860::8888", range: undefined },
  { address: "2606:4700:4700::1111", range: undefined },
];

describe("forbiddenRange", () => {
  it.each(cases)("$address → $range", ({ address, range }) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  it.each(["localhost", "example.com", "127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "1::2::3", "256.0.0.1", "::ffff:1.2.3", ""])("refuses to judge %j, which is not an IP address", (text) => {
    expect(() => forbiddenRange(text)).toThrow(TypeError);
  });
});

describe("embeddedV4", () => {
  it.each([
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["64:ff9b::c000:201", "192.0.2.1"],
    ["2002:c000:201::", "192.0.2.1"],
    ["192.0.2.1", "192.0.2.1"],
    ["2001:db8::1", undefined],
    ["not an address", undefined],
  ])("%s → %s", (address, v4) => {
    expect(embeddedV4(address)).toBe(v4);
  });
});
