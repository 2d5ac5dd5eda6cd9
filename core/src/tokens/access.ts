/** Enforces a token's access rules against what the edge knows of the viewer. */
import { TributaryError } from "../errors.ts";
import { cidrContains } from "../net/ip.ts";
import type { AccessRules } from "./claims.ts";

export interface Viewer {
  ip?: string | undefined;
  /** ISO 3166-1 alpha-2, from `request.cf.country` or a trusted header. */
  country?: string | undefined;
  /** The `Referer` header as sent. */
  referrer?: string | undefined;
}

/** Throws `access.*` when a rule refuses the viewer. */
export function enforceAccessRules(rules: AccessRules | undefined, viewer: Viewer): void {
  if (!rules) return;
  if (rules.ip && rules.ip.length > 0) {
    const ip = viewer.ip;
    if (!ip || !rules.ip.some((cidr) => cidrContains(cidr, ip))) {
      throw new TributaryError("access.ip_denied", "viewer address is not allowed by this token");
    }
  }
  if (rules.countries && rules.countries.length > 0) {
    const country = viewer.country?.toUpperCase();
    if (!country || !rules.countries.includes(country)) {
      throw new TributaryError("access.country_denied", "viewer country is not allowed by this token");
    }
  }
  if (rules.referrers && rules.referrers.length > 0) {
    const host = referrerHost(viewer.referrer);
    if (!host || !rules.referrers.some((pattern) => hostMatches(pattern.toLowerCase(), host))) {
      throw new TributaryError("access.referrer_denied", "embedding page is not allowed by this token");
    }
  }
}

function referrerHost(referrer: string | undefined): string | undefined {
  if (!referrer) return undefined;
  try {
    return new URL(referrer).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}
