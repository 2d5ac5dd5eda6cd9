/**
 * Ends the stored manifests of a broadcast whose relay died before it could: media playlists get
 * EXT-X-ENDLIST, and the MPD turns static with its duration. Only text this platform wrote is
 * rewritten (transcoder/src/playlist serializers), so line and attribute rules stay simple.
 */
import type { Encryption } from "#core/drm/content-key.ts";

/** The playlist with EXT-X-ENDLIST appended, or `undefined` when it already ends. */
export function endedPlaylist(text: string): string | undefined {
  if (/^#EXT-X-ENDLIST\s*$/m.test(text)) return undefined;
  // Hints name media that will now never exist.
  const lines = text.split("\n").filter((line) => line !== "" && !line.startsWith("#EXT-X-PRELOAD-HINT") && !line.startsWith("#EXT-X-RENDITION-REPORT"));
  return `${lines.join("\n")}\n#EXT-X-ENDLIST\n`;
}

/** Seconds of media a playlist lists (the sum of its EXTINF durations). */
export function playlistSeconds(text: string): number {
  let seconds = 0;
  for (const match of text.matchAll(/^#EXTINF:([0-9.]+)/gm)) seconds += Number(match[1]);
  return Math.round(seconds * 1000) / 1000;
}

/** The encryption a stored media playlist's key tags name (transcoder/src/encryption/hls-key-tag.ts writes them). */
export function playlistEncryption(text: string): Encryption {
  const method = /^#EXT-X-KEY:METHOD=([A-Z0-9-]+)/m.exec(text)?.[1];
  return method === "AES-128" ? "aes-128" : method === "SAMPLE-AES" ? "cbcs" : "none";
}

export interface ListedRendition {
  /** Folder name under the media id, e.g. `720p`. */
  name: string;
  width: number | undefined;
  height: number | undefined;
  bandwidth: number | undefined;
  video: boolean;
}

/** The renditions a multivariant playlist names: variant streams and EXT-X-MEDIA entries with a URI. */
export function listedRenditions(multivariant: string): ListedRendition[] {
  const found = new Map<string, ListedRendition>();
  const lines = multivariant.split("\n");
  lines.forEach((line, index) => {
    if (line.startsWith("#EXT-X-STREAM-INF:")) {
      const name = renditionOf(lines[index + 1] ?? "");
      if (name === undefined) return;
      const resolution = /RESOLUTION=(\d+)x(\d+)/.exec(line);
      const bandwidth = /[:,]BANDWIDTH=(\d+)/.exec(line);
      found.set(name, { name, width: resolution ? Number(resolution[1]) : undefined, height: resolution ? Number(resolution[2]) : undefined, bandwidth: bandwidth ? Number(bandwidth[1]) : undefined, video: true });
    } else if (line.startsWith("#EXT-X-MEDIA:")) {
      const uri = /URI="([^"]+)"/.exec(line);
      const name = uri ? renditionOf(uri[1] ?? "") : undefined;
      if (name !== undefined && !found.has(name)) found.set(name, { name, width: undefined, height: undefined, bandwidth: undefined, video: /TYPE=VIDEO/.test(line) });
    }
  });
  return [...found.values()];
}

function renditionOf(uri: string): string | undefined {
  return /^([A-Za-z0-9_-]{1,64})\/[A-Za-z0-9_.-]+\.m3u8$/.exec(uri.trim())?.[1];
}

/** The MPD made static: no live timing attributes, `mediaPresentationDuration` set; `undefined` when already static. */
export function endedMpd(text: string, durationSeconds: number): string | undefined {
  const root = /<MPD\b[^>]*>/.exec(text);
  if (root === null || !/\stype="dynamic"/.test(root[0])) return undefined;
  const ended = root[0]
    .replace(/\s(availabilityStartTime|minimumUpdatePeriod|suggestedPresentationDelay|timeShiftBufferDepth|mediaPresentationDuration)="[^"]*"/g, "")
    .replace(/\stype="dynamic"/, ` type="static" mediaPresentationDuration="PT${durationSeconds.toFixed(3)}S"`);
  return text.replace(root[0], ended);
}
