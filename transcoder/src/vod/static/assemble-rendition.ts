/**
 * One packaged rendition as a single fragmented MP4 on local disk: its header followed by every
 * segment its VOD playlist lists, in order. ffmpeg reads the result as one file, which is what the
 * download remux and the storyboard take as input.
 */
import { open } from "node:fs/promises";
import { TributaryError } from "#core/errors.ts";
import { bodyChunks, bodyBytes } from "#core/storage/object-body.ts";
import { keys, mediaObjectKey } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";

export interface PlaylistFiles {
  /** The header (`EXT-X-MAP`) every segment decodes with, relative to the playlist. */
  init: string;
  segments: string[];
  /** The sum of the segments' EXTINF. */
  durationSeconds: number;
}

/** The header and segments of a VOD media playlist; one with more than one header is refused. */
export function playlistFiles(playlist: string): PlaylistFiles {
  let init: string | undefined;
  const segments: string[] = [];
  let durationSeconds = 0;
  for (const line of playlist.split(/\r?\n/)) {
    const map = /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(line);
    if (map?.[1] !== undefined) {
      if (init !== undefined && init !== map[1]) throw new TributaryError("media.invalid", "the rendition changes its header mid-way; it has no single-file form");
      init = map[1];
    } else if (line.startsWith("#EXTINF:")) durationSeconds += Number.parseFloat(line.slice("#EXTINF:".length));
    else if (line !== "" && !line.startsWith("#")) segments.push(line);
  }
  if (init === undefined || segments.length === 0) throw new TributaryError("media.invalid", "the rendition's playlist lists no header or no segments");
  return { init, segments, durationSeconds };
}

/** Writes `mediaId`'s `rendition` to `path` as one fragmented MP4; resolves with what the playlist listed. */
export async function assembleRendition(store: ObjectStore, mediaId: string, rendition: string, path: string): Promise<PlaylistFiles> {
  const listed = await store.get(keys.mediaPlaylist(mediaId, rendition));
  if (listed === undefined) throw new TributaryError("media.invalid", `rendition ${rendition} has no playlist`);
  const files = playlistFiles(new TextDecoder().decode(await bodyBytes(listed.body)));
  const file = await open(path, "w");
  try {
    for (const name of [files.init, ...files.segments]) {
      const key = mediaObjectKey(mediaId, `${rendition}/${name}`);
      const object = key === undefined ? undefined : await store.get(key);
      if (object === undefined) throw new TributaryError("media.invalid", `rendition ${rendition} lists ${name}, which is not stored`);
      for await (const chunk of bodyChunks(object.body)) await file.write(chunk);
    }
  } finally {
    await file.close();
  }
  return files;
}
