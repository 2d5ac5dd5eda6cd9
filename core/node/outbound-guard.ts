/**
 * The connect-time half of the outbound-target rule (core/src/net/outbound-target.ts): a `lookup` for
 * node:net that resolves every address of a name, refuses the connection if any is forbidden, and
 * hands the socket exactly the addresses it checked, so a DNS answer that changes between check and
 * connect (rebinding) cannot switch the target. IP-literal hosts never reach a lookup; check those
 * with `refuseHost` first.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { TributaryError } from "#core/errors.ts";
import { ipLiteralHost, refuseAddress, type OutboundPolicy, type OutboundRefusal } from "#core/net/outbound-target.ts";

/** Resolves every address of a host name (node:dns `lookup` with `all: true`, which tests may replace). */
export type ResolveAll = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolveAll: ResolveAll = (hostname, options, callback) => dnsLookup(hostname, options, callback);

function forbidden(host: string, refusal: OutboundRefusal): TributaryError {
  const name = host === refusal.address ? "" : ` ${host}`;
  return new TributaryError("webhook.target_forbidden", `refused${name}: ${refusal.message}`, { details: { host, address: refusal.address, range: refusal.range } });
}

/** Throws `webhook.target_forbidden` when `url`'s host is an IP literal the policy forbids. */
export function refuseHost(url: URL, policy: OutboundPolicy): void {
  const address = ipLiteralHost(url);
  const refusal = address === undefined ? undefined : refuseAddress(address, policy);
  if (refusal !== undefined) throw forbidden(refusal.address, refusal);
}

/**
 * A node:net `lookup` that fails with `webhook.target_forbidden` when any address of the name is
 * forbidden, and otherwise answers with the checked addresses only.
 * @example http.request(url, { lookup: guardedLookup({ allowPrivateTargets: false }) })
 */
export function guardedLookup(policy: OutboundPolicy, resolveAll: ResolveAll = systemResolveAll): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : (options.family ?? 0);
    resolveAll(hostname, { family, all: true, ...(options.hints === undefined ? {} : { hints: options.hints }) }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }), []);
      for (const { address } of addresses) {
        const refusal = refuseAddress(address, policy);
        if (refusal !== undefined) return callback(forbidden(hostname, refusal) as NodeJS.ErrnoException, []);
      }
      if (options.all === true) return callback(null, addresses);
      const [first] = addresses as [LookupAddress];
      callback(null, first.address, first.family);
    });
  };
}
