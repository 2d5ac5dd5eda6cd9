/**
 * Headers every page carries. Scripts and styles come only from our own `/assets/` routes, so the
 * CSP needs neither nonces nor `unsafe-inline`. hls.js runs its transmuxer in a Worker built from a
 * Blob, and both players feed Media Source Extensions through `blob:` URLs.
 */
export interface PagePolicy {
  /** Who may frame the page: the player page may be framed by the dashboard's preview, nothing else. */
  frameAncestors: "'none'" | "'self'";
  /** Origins beyond our own the page may fetch from: the dashboard posts WHIP offers to the relay. */
  connect?: readonly string[] | undefined;
}

export function contentSecurityPolicy(policy: PagePolicy): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    ["connect-src 'self'", ...(policy.connect ?? [])].join(" "),
    "worker-src 'self' blob:",
    "frame-src 'self'",
    `frame-ancestors ${policy.frameAncestors}`,
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");
}

export function pageHeaders(policy: PagePolicy): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(policy),
    "x-content-type-options": "nosniff",
    // Player URLs carry playback tokens: never leak them to other origins.
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
  };
}
