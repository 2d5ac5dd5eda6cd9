/**
 * The request-level suite, written once and run against every runtime the edge runs on (a real Node
 * HTTP server, and workerd through miniflare), like hono's runtime-tests and jose's per-runtime suites.
 */
import { describe, expect, it } from "vitest";
import { signPlaybackToken, type PlaybackGrant } from "#core/tokens/sign.ts";
import { activeKey, type Keyring } from "#core/tokens/signing-keys.ts";
import { CAPTION_SEGMENT, MEDIA_PLAYLIST, MPD, SEGMENT } from "./seed-media.ts";
import { TOKEN_ATTACKS } from "./token-attacks.ts";

export interface EdgeHarness {
  keyring: Keyring;
  /** Sends a request to the running edge; `country` is what the runtime reports for the viewer. */
  request(path: string, init?: { method?: string; headers?: Record<string, string>; country?: string }): Promise<Response>;
}

const nowS = () => Math.floor(Date.now() / 1000);

export function edgeRequestSuite(runtime: string, harness: () => EdgeHarness): void {
  const token = (grant: Partial<PlaybackGrant> = {}) =>
    signPlaybackToken(activeKey(harness().keyring), { mediaId: "media1", expiresAt: nowS() + 300, ...grant }, Date.now());
  const get = async (path: string, init?: Parameters<EdgeHarness["request"]>[1]) => harness().request(path, init);
  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  describe(`edge requests on ${runtime}`, () => {
    it("serves a media playlist whole, with its type", async () => {
      const response = await get(`/p/${await token()}/media1/720p/index.m3u8`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
      expect(response.headers.get("cmsd-static")).toBe("ot=m,sf=h,st=v");
      expect(await response.text()).toBe(MEDIA_PLAYLIST);
    });

    it("serves a segment byte for byte, twice (the second from the cache)", async () => {
      for (let i = 0; i < 2; i++) {
        const response = await get(`/p/${await token()}/media1/720p/0.m4s`);
        expect(response.status).toBe(200);
        expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
        expect(new Uint8Array(await response.arrayBuffer())).toEqual(SEGMENT);
      }
    });

    it("answers ranges with 206, and 416 past the end", async () => {
      const t = await token();
      const partial = await get(`/p/${t}/media1/720p/0.m4s`, { headers: { range: "bytes=100-199" } });
      expect(partial.status).toBe(206);
      expect(partial.headers.get("content-range")).toBe("bytes 100-199/1000");
      expect(new Uint8Array(await partial.arrayBuffer())).toEqual(SEGMENT.subarray(100, 200));
      const beyond = await get(`/p/${t}/media1/720p/0.m4s`, { headers: { range: "bytes=5000-" } });
      expect(beyond.status).toBe(416);
      await beyond.body?.cancel();
    });

    it("streams a download with ranges to a downloadable token only, as an attachment", async () => {
      const t = await token({ downloadable: true });
      const whole = await get(`/p/${t}/media1/download/highest.mp4`);
      expect([whole.status, whole.headers.get("content-disposition"), whole.headers.get("content-type")]).toEqual([200, 'attachment; filename="media1-highest.mp4"', "video/mp4"]);
      expect(new Uint8Array(await whole.arrayBuffer())).toEqual(SEGMENT);
      const partial = await get(`/p/${t}/media1/download/highest.mp4`, { headers: { range: "bytes=900-" } });
      expect([partial.status, partial.headers.get("content-range")]).toEqual([206, "bytes 900-999/1000"]);
      expect(new Uint8Array(await partial.arrayBuffer())).toEqual(SEGMENT.subarray(900));
      const beyond = await get(`/p/${t}/media1/download/highest.mp4`, { headers: { range: "bytes=5000-" } });
      expect(beyond.status).toBe(416);
      await beyond.body?.cancel();
      const refused = await get(`/p/${await token()}/media1/download/highest.mp4`);
      expect([refused.status, await errorCode(refused)]).toEqual([403, "token.not_downloadable"]);
    });

    it("answers a picture at any time it cannot decode with 501, and a time past the end with 400", async () => {
      const undecoded = await get(`/p/${await token()}/media1/thumbnail.jpg?time=1&width=1280`);
      expect([undecoded.status, await errorCode(undecoded)]).toEqual([501, "media.frame_unavailable"]);
      const past = await get(`/p/${await token()}/media1/thumbnail.jpg?time=3&width=1280`);
      expect([past.status, await errorCode(past)]).toEqual([400, "request.invalid"]);
    });

    it("serves caption segments under the token rules", async () => {
      const response = await get(`/p/${await token()}/media1/captions/en/0.vtt`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/vtt");
      expect(await response.text()).toBe(CAPTION_SEGMENT);
      expect((await get("/p/nope/media1/captions/en/0.vtt")).status).toBe(401);
    });

    it("cuts media playlists to a clip: the token's over the URL's, and a URL's clip rides on the master's URIs", async () => {
      const clipped = await (await get(`/p/${await token({ clip: { start: 5, end: 6 } })}/media1/720p/index.m3u8?clipStart=0&clipEnd=1`)).text();
      expect(clipped).not.toContain("0.m4s");
      const t = await token();
      expect(await (await get(`/p/${t}/media1/720p/index.m3u8?clipStart=0&clipEnd=1`)).text()).toContain("\n0.m4s\n");
      const master = await (await get(`/p/${t}/media1/master.m3u8?clipStart=0&clipEnd=1`)).text();
      expect(master.split("\n").filter((line) => line.endsWith(".m3u8?clipStart=0&clipEnd=1"))).toHaveLength(3);
      const bad = await get(`/p/${t}/media1/720p/index.m3u8?clipStart=2&clipEnd=1`);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain("clipEnd");
    });

    it("filters variants by the token's caps and never filters everything away", async () => {
      const capped = await (await get(`/p/${await token({ caps: { maxHeight: 720 } })}/media1/master.m3u8`)).text();
      expect(capped).toBe(
        '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"\n720p/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"\n360p/index.m3u8\n',
      );
      const tiny = await (await get(`/p/${await token({ caps: { maxBitrate: 1000 } })}/media1/master.m3u8`)).text();
      expect(tiny).toBe('#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"\n360p/index.m3u8\n');
      const mpd = await (await get(`/p/${await token({ caps: { maxHeight: 720 } })}/media1/manifest.mpd`)).text();
      expect(mpd).toBe(MPD.replace('      <Representation id="1080p" bandwidth="5000000" height="1080"/>\n', ""));
    });

    it("puts the variant CMCD says will start fast first", async () => {
      const text = await (await get(`/p/${await token()}/media1/master.m3u8?CMCD=${encodeURIComponent('mtp=5000,sid="s-1"')}`)).text();
      expect(text.split("\n").filter((line) => !line.startsWith("#"))).toEqual(["720p/index.m3u8", "1080p/index.m3u8", "360p/index.m3u8", ""]);
      const header = await (await get(`/p/${await token()}/media1/master.m3u8`, { headers: { "cmcd-request": "mtp=600" } })).text();
      expect(header.split("\n")[3]).toBe("360p/index.m3u8");
    });

    it("refuses bad CMCD with 400 and a reason", async () => {
      const response = await get(`/p/${await token()}/media1/720p/0.m4s?CMCD=br%3Dfast`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: "request.invalid", message: "bad CMCD: br must be a non-negative integer" } });
      const header = await get(`/p/${await token()}/media1/720p/0.m4s`, { headers: { "cmcd-object": "ot=movie" } });
      expect(header.status).toBe(400);
      await header.body?.cancel();
    });

    it.each(TOKEN_ATTACKS.map((attack) => [attack.name, attack] as const))("refuses a token that is %s", async (_name, attack) => {
      const response = await get(`/p/${await attack.make(harness().keyring, nowS())}/media1/720p/0.m4s`);
      expect(response.status).toBe(attack.status);
      expect(await errorCode(response)).toBe(attack.code);
    });

    it("enforces the token's country rule with the runtime's viewer country", async () => {
      const t = await token({ rules: { countries: ["DE"] } });
      const denied = await get(`/p/${t}/media1/720p/0.m4s`, { country: "FR" });
      expect(denied.status).toBe(403);
      expect(await errorCode(denied)).toBe("access.country_denied");
      const allowed = await get(`/p/${t}/media1/720p/0.m4s`, { country: "DE" });
      expect(allowed.status).toBe(200);
      await allowed.body?.cancel();
    });

    it.each([
      ["encoded slash", "..%2F..%2Fsystem/signing-keys.json"],
      ["encoded backslash", "720p%5C0.m4s"],
      ["encoded NUL", "720p/0.m4s%00"],
      ["hidden name", "720p/.hidden"],
      ["over-long URL", `720p/${"a".repeat(2100)}.m4s`],
      ["bad characters", "720p/0$.m4s"],
    ])("answers 400 for %s", async (_name, path) => {
      const response = await get(`/p/${await token()}/media1/${path}`);
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe("request.invalid");
    });

    it("answers 404 for a missing object and 401 without a token", async () => {
      const missing = await get(`/p/${await token()}/media1/720p/99.m4s`);
      expect(missing.status).toBe(404);
      await missing.body?.cancel();
      const bare = await get("/p/media1/master.m3u8");
      expect(bare.status).toBe(401);
      await bare.body?.cancel();
    });
  });
}
