/**
 * The outbound-target rule for URLs the platform fetches on a tenant's behalf: the address connected
 * to must not be one of address-ranges.ts's forbidden ranges, unless the deployment allows private
 * targets (tests, local development). Registration checks IP-literal hosts here; names are resolved
 * and checked at connect time (core/node/outbound-guard.ts), so DNS cannot be used to slip past.
 */
import { FORBIDDEN_RANGE_NAMES, forbiddenRange, type ForbiddenRange } from "./address-ranges.ts";
import { parseIp } from "./ip.ts";

export interface OutboundPolicy {
  /** Allow loopback, private and link-local targets (`webhooks.allowPrivateTargets`). */
  allowPrivateTargets: boolean;
  /** The setting that allows them, named in refusals (default `webhooks.allowPrivateTargets`). */
  setting?: string;
}

/** Why a target was refused. */
export interface OutboundRefusal {
  address: string;
  range: ForbiddenRange;
  /** One line naming the address and the rule, for API errors and delivery records. */
  message: string;
}

/** The refusal for connecting to `address` (an IP literal), or `undefined` when it is allowed. */
export function refuseAddress(address: string, policy: OutboundPolicy): OutboundRefusal | undefined {
  if (policy.allowPrivateTargets) return undefined;
  const range = forbiddenRange(address);
  if (range === undefined) return undefined;
  return { address, range, message: `${address} is a ${FORBIDDEN_RANGE_NAMES[range]}; targets must be public (${policy.setting ?? "webhooks.allowPrivateTargets"} is off)` };
}

/**
 * The IP address a URL's host is, when the host is an IP literal; `undefined` for a name. Takes the
 * host as the WHATWG URL parser normalized it, so decimal, octal and hex IPv4 forms (`2130706433`,
 * `0177.1`, `0x7f.1`) have already become `127.0.0.1`, and IPv6 is bracketed and compressed.
 */
export function ipLiteralHost(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return parseIp(host) === undefined ? undefined : host;
}

/**
 * The refusal for registering `url` as a target: only an IP-literal host can be judged without DNS.
 * @example refuseTargetUrl("http://169.254.169.254/latest", { allowPrivateTargets: false })?.range // "link-local"
 */
export function refuseTargetUrl(url: string, policy: OutboundPolicy): OutboundRefusal | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`not a URL: ${url}`);
  }
  const address = ipLiteralHost(parsed);
  return address === undefined ? undefined : refuseAddress(address, policy);
}
