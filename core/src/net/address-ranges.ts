/**
 * Which addresses the platform refuses to connect to on a tenant's behalf (webhook targets): anything
 * that reaches this host, its private network or the cloud's metadata service rather than the public
 * internet. Pure: takes address text, knows nothing of DNS or sockets (core/node/outbound-guard.ts
 * applies it at connect time).
 */
import { cidrContains, parseIp } from "./ip.ts";

/** Why an address is refused, named after the range it falls in. */
export type ForbiddenRange = "unspecified" | "loopback" | "private" | "link-local" | "shared" | "multicast" | "reserved";

/** Human wording for each range, for error messages and delivery records. */
export const FORBIDDEN_RANGE_NAMES: Readonly<Record<ForbiddenRange, string>> = {
  unspecified: "unspecified address",
  loopback: "loopback address",
  private: "private network address",
  "link-local": "link-local address (cloud metadata lives here)",
  shared: "shared address space (carrier-grade NAT, RFC 6598)",
  multicast: "multicast address",
  reserved: "reserved address",
};

/** IPv4 ranges (RFC 6890 special-purpose registry), checked as IPv4-mapped values too. */
const V4_RANGES: readonly (readonly [string, ForbiddenRange])[] = [
  ["0.0.0.0/8", "unspecified"], // RFC 1122 §3.2.1.3 "this network": Linux connects 0.x to the local host.
  ["127.0.0.0/8", "loopback"],
  ["10.0.0.0/8", "private"], // RFC 1918
  ["172.16.0.0/12", "private"],
  ["192.168.0.0/16", "private"],
  ["169.254.0.0/16", "link-local"], // RFC 3927; 169.254.169.254 is the metadata service.
  ["100.64.0.0/10", "shared"],
  ["192.0.0.0/24", "reserved"], // IETF protocol assignments
  ["198.18.0.0/15", "reserved"], // benchmarking, often routed internally
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"], // includes 255.255.255.255 broadcast
];

const V6_RANGES: readonly (readonly [string, ForbiddenRange])[] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["fc00::/7", "private"], // RFC 4193 unique local
  ["fe80::/10", "link-local"],
  ["fec0::/10", "private"], // deprecated site-local (RFC 3879), still routed inside some networks
  ["ff00::/8", "multicast"],
  ["::/96", "reserved"], // deprecated IPv4-compatible form (::a.b.c.d)
  ["64:ff9b:1::/48", "private"], // RFC 8215 local-use NAT64
  ["100::/64", "reserved"], // discard-only
];

/** Prefixes that embed an IPv4 address, which is then judged as an IPv4 target. */
const V4_EMBEDDING: readonly { cidr: string; shift: bigint }[] = [
  { cidr: "::ffff:0:0/96", shift: 0n }, // IPv4-mapped (RFC 4291 §2.5.5.2)
  { cidr: "64:ff9b::/96", shift: 0n }, // NAT64 well-known prefix (RFC 6052)
  { cidr: "2002::/16", shift: 80n }, // 6to4 (RFC 3056): bits 16-47
];

function v4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
}

/** The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), if it embeds one. */
export function embeddedV4(address: string): string | undefined {
  const value = parseIp(address);
  if (value === undefined) return undefined;
  const text = canonicalV6(value);
  for (const { cidr, shift } of V4_EMBEDDING) {
    if (cidrContains(cidr, text)) return v4Text((value >> shift) & 0xffffffffn);
  }
  return undefined;
}

function canonicalV6(value: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(":");
}

/**
 * The range `address` (an IP literal) falls in when it is one the platform must not reach, else
 * `undefined`. Throws `TypeError` when `address` is not an IP address: callers resolve names first.
 * @example forbiddenRange("169.254.169.254") // "link-local"
 */
export function forbiddenRange(address: string): ForbiddenRange | undefined {
  const value = parseIp(address);
  if (value === undefined) throw new TypeError(`not an IP address: ${address}`);
  const v4 = embeddedV4(address);
  if (v4 !== undefined) return V4_RANGES.find(([cidr]) => cidrContains(cidr, v4))?.[1];
  const v6 = canonicalV6(value);
  return V6_RANGES.find(([cidr]) => cidrContains(cidr, v6))?.[1];
}
