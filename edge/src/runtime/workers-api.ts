/**
 * The broadcaster API's settings on Workers, from the vars workers.ts reads: `INGEST_HOST` turns the API
 * (and `/dashboard`) on; `RTMP_PORT`, `RTMPS_PORT`, `SRT_PORT` default to the relay's ports; `PUBLIC_URL`
 * (the base of playback URLs) defaults to the origin the request reached the Worker at, which on
 * Cloudflare is a route or custom domain of this Worker. Every problem is reported together.
 */
import type { ApiSettings } from "../api/api-deps.ts";
import { RELAY_PORTS } from "#core/platform/layout.ts";

export interface WorkersApiVars {
  INGEST_HOST?: string | undefined;
  RTMP_PORT?: string | undefined;
  RTMPS_PORT?: string | undefined;
  SRT_PORT?: string | undefined;
  PUBLIC_URL?: string | undefined;
}

/** The relay's listening ports, as the platform layout declares them. */
export const DEFAULT_INGEST_PORTS = { RTMP_PORT: RELAY_PORTS.rtmp, RTMPS_PORT: RELAY_PORTS.rtmps, SRT_PORT: RELAY_PORTS.srt } as const;

const HOST = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9a-fA-F:]+$/;

function port(vars: WorkersApiVars, name: keyof typeof DEFAULT_INGEST_PORTS, problems: string[]): number {
  const raw = vars[name];
  if (raw === undefined || raw === "") return DEFAULT_INGEST_PORTS[name];
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65_535) problems.push(`${name} must be a port number 1-65535, got ${JSON.stringify(raw)}`);
  return value;
}

function publicUrl(raw: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`PUBLIC_URL must be an absolute URL, got ${JSON.stringify(raw)}`);
    return raw;
  }
  if (!["http:", "https:"].includes(url.protocol) || url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    problems.push(`PUBLIC_URL must be an http(s) origin without path or query, got ${JSON.stringify(raw)}`);
  }
  return url.origin;
}

/**
 * The API settings, or `undefined` when `INGEST_HOST` is unset (a playback-only edge). `requestOrigin`
 * stands in for an unset `PUBLIC_URL`. Throws `TypeError` naming every bad or orphaned var.
 * @example apiSettings(env, new URL(request.url).origin)
 */
export function apiSettings(vars: WorkersApiVars, requestOrigin: string): ApiSettings | undefined {
  const problems: string[] = [];
  const host = vars.INGEST_HOST ?? "";
  if (host === "") {
    const orphans = (["RTMP_PORT", "RTMPS_PORT", "SRT_PORT", "PUBLIC_URL"] as const).filter((name) => vars[name]);
    if (orphans.length > 0) throw new TypeError(`${orphans.join(", ")} configure the broadcaster API, which needs INGEST_HOST`);
    return undefined;
  }
  if (!HOST.test(host)) problems.push(`INGEST_HOST must be a host name or IP address, got ${JSON.stringify(host)}`);
  const settings: ApiSettings = {
    ingest: { publicHost: host, rtmpPort: port(vars, "RTMP_PORT", problems), rtmpsPort: port(vars, "RTMPS_PORT", problems), srtPort: port(vars, "SRT_PORT", problems) },
    publicUrl: vars.PUBLIC_URL ? publicUrl(vars.PUBLIC_URL, problems) : requestOrigin,
  };
  if (problems.length > 0) throw new TypeError(`the Workers edge's API settings are invalid: ${problems.join("; ")}`);
  return settings;
}
