/** One usage record per edge response; billing reads these. */
export type UsageKind = "manifest" | "part" | "segment" | "init" | "key" | "other";

export interface UsageRecord {
  id: string;
  /** ISO timestamp of the response. */
  at: string;
  source: "edge" | "relay";
  tenantId?: string | undefined;
  mediaId: string;
  kind: UsageKind;
  rendition?: string | undefined;
  bytes: number;
  status: number;
  cacheHit: boolean;
  country?: string | undefined;
  sessionId?: string | undefined;
  /** CMCD keys the player sent (CTA-5004), as parsed. */
  cmcd?: Record<string, string | number | boolean> | undefined;
}

/** Where usage records go: batched objects in storage (Node) or log lines for Logpush (Workers). */
export interface UsageSink {
  record(record: UsageRecord): void;
  /** Writes out anything buffered. */
  flush(): Promise<void>;
}

/**
 * Classifies a media path (`720p/12.m4s`, `720p/12.3.m4s`, `master.m3u8`) for usage and caching. An
 * LL-HLS part is `<msn>.<index>.m4s` beside its segment (transcoder/src/playlist/hls-serializer.ts).
 */
export function classifyMediaPath(path: string): { kind: UsageKind; rendition?: string } {
  const slash = path.lastIndexOf("/");
  const rendition = slash > 0 ? path.slice(0, slash) : undefined;
  const name = path.slice(slash + 1);
  const kind: UsageKind = /\.(m3u8|mpd)$/.test(name) ? "manifest" : name === "init.mp4" ? "init" : /^\d+\.\d+\.m4s$|\.part\d*\.m4s$|^part/.test(name) ? "part" : /\.(m4s|mp4|ts|aac|m4a)$/.test(name) ? "segment" : "other";
  return rendition === undefined ? { kind } : { kind, rendition };
}
