/** Writes the multivariant playlist (RFC 8216bis §4.4.6): one audio group shared by all variants. */
import { attributes, decimal, quoted } from "./format.ts";
import type { HlsMultivariantPlaylist } from "./types.ts";

export function writeMultivariantPlaylist(playlist: HlsMultivariantPlaylist): string {
  const lines = ["#EXTM3U", `#EXT-X-VERSION:${playlist.version}`];
  if (playlist.independentSegments) lines.push("#EXT-X-INDEPENDENT-SEGMENTS");
  for (const a of playlist.audio) {
    lines.push(
      `#EXT-X-MEDIA:${attributes([
        ["TYPE", "AUDIO"],
        ["GROUP-ID", quoted(a.groupId)],
        ["NAME", quoted(a.name)],
        ["LANGUAGE", a.language === undefined ? undefined : quoted(a.language)],
        ["DEFAULT", a.default ? "YES" : "NO"],
        ["AUTOSELECT", a.autoselect ? "YES" : "NO"],
        ["CHANNELS", a.channels === undefined ? undefined : quoted(String(a.channels))],
        ["URI", quoted(a.uri)],
      ])}`,
    );
  }
  for (const v of playlist.variants) {
    lines.push(
      `#EXT-X-STREAM-INF:${attributes([
        ["BANDWIDTH", String(Math.round(v.bandwidth))],
        ["AVERAGE-BANDWIDTH", v.averageBandwidth === undefined ? undefined : String(Math.round(v.averageBandwidth))],
        ["CODECS", quoted(v.codecs.join(","))],
        ["RESOLUTION", v.resolution === undefined ? undefined : `${v.resolution.width}x${v.resolution.height}`],
        ["FRAME-RATE", v.frameRate === undefined ? undefined : decimal(v.frameRate, 3)],
        ["AUDIO", v.audioGroup === undefined ? undefined : quoted(v.audioGroup)],
      ])}`,
      v.uri,
    );
  }
  return `${lines.join("\n")}\n`;
}
