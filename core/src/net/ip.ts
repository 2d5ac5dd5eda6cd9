/** IPv4/IPv6 address parsing and CIDR matching, as 128-bit numbers (IPv4 mapped into ::ffff:0:0/96). */

const V4_MAPPED = 0xffffn << 32n;

/** Parses an IPv4 or IPv6 address to a 128-bit value, or `undefined` when it is not one. */
export function parseIp(text: string): bigint | undefined {
  const address = text.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (address.includes(":")) return parseV6(address);
  const v4 = parseV4(address);
  return v4 === undefined ? undefined : V4_MAPPED | v4;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tailV4 = parseV4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

/** True when `address` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`, or a bare address). */
export function cidrContains(cidr: string, address: string): boolean {
  const [base, bitsText] = cidr.split("/");
  if (base === undefined) return false;
  const network = parseIp(base);
  const ip = parseIp(address);
  if (network === undefined || ip === undefined) return false;
  const isV4 = !base.includes(":");
  const maxBits = isV4 ? 32 : 128;
  const bits = bitsText === undefined ? maxBits : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > maxBits) return false;
  const prefix = BigInt(bits + (isV4 ? 96 : 0));
  const mask = prefix === 0n ? 0n : ((1n << 128n) - 1n) ^ ((1n << (128n - prefix)) - 1n);
  return (network & mask) === (ip & mask);
}
