/**
 * Keeps the playback token on every URI a manifest names. Tokens travel in the path
 * (`/p/<token>/<mediaId>/…`), so relative URIs inherit them; root-relative and absolute ones that
 * point into this media get the token put in; a swapped session token turns relative URIs into
 * root-relative ones carrying it. URIs that point anywhere else are left exactly as they are.
 */

export interface UriContext {
  mediaId: string;
  /** The token the manifest was requested with. */
  token: string;
  /** The token URIs must carry: `token`, or a per-session token the edge exchanged it for. */
  targetToken: string;
  /** The manifest's directory inside the media: `""` or e.g. `"720p/"`. */
  directory: string;
}

const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/s;

/** Returns the URI as it must appear in the rewritten manifest. */
export function rewriteUri(uri: string, context: UriContext): string {
  const absolute = ABSOLUTE.exec(uri);
  if (absolute) {
    const [, authority = "", path = "", rest = ""] = absolute;
    const inMedia = mediaPath(path, context.mediaId);
    if (inMedia === undefined) return uri;
    // A relay's own address (`/media/…`) never reaches viewers; an edge URL keeps its host.
    const keepHost = path.startsWith("/p/");
    return `${keepHost ? authority : ""}${edgePath(context, inMedia)}${rest}`;
  }
  if (uri.startsWith("/k/")) return keyUri(uri, context);
  if (uri.startsWith("/")) {
    const split = splitSuffix(uri);
    const inMedia = mediaPath(split.path, context.mediaId);
    return inMedia === undefined ? uri : `${edgePath(context, inMedia)}${split.suffix}`;
  }
  if (context.targetToken === context.token || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) return uri;
  const split = splitSuffix(uri);
  const resolved = resolveInside(context.directory + split.path);
  return resolved === undefined ? uri : `${edgePath(context, resolved)}${split.suffix}`;
}

/**
 * Key URLs: the packager writes `/k/<mediaId>/<kid>` for the media it packages, which the viewer
 * reaches as `/k/<token>/<playbackId>/<kid>` (the playback id may be a stream id naming that media);
 * an edge form for this playback id gets the token the media URIs carry. Edge forms for other playback
 * ids are left alone.
 */
function keyUri(uri: string, context: UriContext): string {
  const stored = /^\/k\/[^/?#]+\/([0-9a-f]{32})$/.exec(uri);
  if (stored !== null) return `/k/${context.targetToken}/${context.mediaId}/${stored[1] ?? ""}`;
  const edge = /^\/k\/[^/?#]+\/([^/?#]+)\/([0-9a-f]{32}|license)$/.exec(uri);
  if (edge === null || edge[1] !== context.mediaId) return uri;
  return `/k/${context.targetToken}/${context.mediaId}/${edge[2] ?? ""}`;
}

function edgePath(context: UriContext, inMedia: string): string {
  return `/p/${context.targetToken}/${context.mediaId}/${inMedia}`;
}

/** The path inside the media for `/p/<any token>/<mediaId>/x` or `/media/<mediaId>/x`. */
function mediaPath(path: string, mediaId: string): string | undefined {
  const edge = /^\/p\/[^/]+\/([^/]+)\/(.*)$/.exec(path);
  if (edge && edge[1] === mediaId) return edge[2];
  const relay = /^\/media\/([^/]+)\/(.*)$/.exec(path);
  if (relay && relay[1] === mediaId) return relay[2];
  return undefined;
}

function splitSuffix(uri: string): { path: string; suffix: string } {
  const at = uri.search(/[?#]/);
  return at < 0 ? { path: uri, suffix: "" } : { path: uri.slice(0, at), suffix: uri.slice(at) };
}

/** Resolves `.` and `..` (RFC 3986 §5.2.4) and refuses anything that climbs out of the media. */
function resolveInside(path: string): string | undefined {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.length === 0 ? undefined : out.join("/");
}
