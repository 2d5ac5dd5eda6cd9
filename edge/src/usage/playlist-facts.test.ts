import { describe, expect, it } from "vitest";
import { PlaylistFacts, type PlaylistLoader } from "./playlist-facts.ts";

const MASTER = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720\n720p/index.m3u8\n";
const playlist = (first: number, count: number) =>
  ["#EXTM3U", "#EXT-X-TARGETDURATION:2", `#EXT-X-MEDIA-SEQUENCE:${first}`, ...Array.from({ length: count }, (_, i) => [`#EXTINF:${(1.9 + (first + i) / 100).toFixed(5)},`, `${first + i}.m4s`]).flat(), ""].join("\n");

/** A store of playlist texts that counts the reads made of it. */
function playlists(files: Record<string, string>): { load: PlaylistLoader; reads: string[]; files: Record<string, string> } {
  const reads: string[] = [];
  return { reads, files, load: async (mediaId, path) => (reads.push(`${mediaId}/${path}`), files[`${mediaId}/${path}`]) };
}

describe("PlaylistFacts", () => {
  it("reads a segment's duration from its playlist once, then from memory", async () => {
    const facts = new PlaylistFacts();
    const origin = playlists({ "m1/720p/index.m3u8": playlist(0, 3), "m1/master.m3u8": MASTER });
    expect(await facts.duration("m1", "720p", "1.m4s", false, origin.load)).toBe(1.91);
    expect(await facts.duration("m1", "720p", "2.m4s", false, origin.load)).toBe(1.92);
    expect(await facts.tier("m1", "720p", origin.load)).toBe("HD");
    expect(await facts.tier("m1", "audio", origin.load)).toBeUndefined();
    expect(origin.reads).toEqual(["m1/720p/index.m3u8", "m1/master.m3u8"]);
  });

  it("reads the playlist again for a segment it has not listed yet, then the DVR playlist", async () => {
    const facts = new PlaylistFacts();
    const origin = playlists({ "m1/720p/index.m3u8": playlist(0, 1), "m1/720p/dvr.m3u8": playlist(0, 1) });
    expect(await facts.duration("m1", "720p", "0.m4s", false, origin.load)).toBe(1.9);
    origin.files["m1/720p/index.m3u8"] = playlist(5, 2);
    expect(await facts.duration("m1", "720p", "6.m4s", false, origin.load)).toBe(1.96);
    expect(await facts.duration("m1", "720p", "0.m4s", false, origin.load)).toBe(1.9);
    expect(await facts.duration("m1", "720p", "9.m4s", false, origin.load)).toBeUndefined();
    expect(origin.reads).toEqual(["m1/720p/index.m3u8", "m1/720p/index.m3u8", "m1/720p/index.m3u8", "m1/720p/dvr.m3u8"]);
  });

  it("learns from the manifests the edge serves, so a new live segment costs no read", async () => {
    const facts = new PlaylistFacts();
    const origin = playlists({});
    facts.learn("m1", "720p/index.m3u8", playlist(10, 3));
    facts.learn("m1", "master.m3u8", MASTER);
    expect(await facts.duration("m1", "720p", "12.m4s", false, origin.load)).toBe(2.02);
    expect(await facts.tier("m1", "720p", origin.load)).toBe("HD");
    expect(origin.reads).toEqual([]);
  });

  it("reads a playlist body served to many viewers once", async () => {
    const facts = new PlaylistFacts();
    const body = new TextEncoder().encode(playlist(0, 2));
    facts.learnBody("m1", "720p/index.m3u8", body);
    body.set(new TextEncoder().encode(playlist(5, 2)).subarray(0, body.byteLength));
    facts.learnBody("m1", "720p/index.m3u8", body);
    expect(await facts.duration("m1", "720p", "1.m4s", false, playlists({}).load)).toBe(1.91);
    // The same bytes object is not parsed again, whatever it holds now.
    expect(await facts.duration("m1", "720p", "5.m4s", false, playlists({}).load)).toBeUndefined();
    facts.learnBody("m1", "720p/index.m3u8", body.slice());
    expect(await facts.duration("m1", "720p", "5.m4s", false, playlists({}).load)).toBe(1.95);
  });

  it("stays within its bounds: playlists by least recent use, entries by age", async () => {
    const facts = new PlaylistFacts({ maxPlaylists: 2, maxEntriesPerPlaylist: 3 });
    const origin = playlists({});
    facts.learn("a", "720p/index.m3u8", playlist(0, 5));
    facts.learn("b", "720p/index.m3u8", playlist(0, 1));
    expect(await facts.duration("a", "720p", "4.m4s", false, origin.load)).toBe(1.94);
    expect(await facts.duration("a", "720p", "1.m4s", false, origin.load)).toBeUndefined();
    facts.learn("c", "720p/index.m3u8", playlist(0, 1));
    expect(await facts.duration("a", "720p", "4.m4s", false, origin.load)).toBe(1.94);
    expect(await facts.duration("b", "720p", "0.m4s", false, origin.load)).toBeUndefined();
  });
});
