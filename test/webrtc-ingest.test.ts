// WHIP end to end: Chromium publishes its fake camera and microphone over WebRTC into the relay; the
// stream goes through the same broadcast as RTMP (ladder, CMAF, recording) and plays over HLS
// through the edge, and over WHEP in a second page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { launchChromium } from "./support/browser.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { createLiveStream, startLivePlatform, until, waitForEnded, type LivePlatform } from "./support/live.ts";
import { publishFromPage } from "./support/webrtc-page.ts";

let platform: LivePlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startLivePlatform();
  browser = await launchChromium({ fakeMedia: true });
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

const whipUrl = (streamId: string) => `http://127.0.0.1:${platform.config.relay.httpPort}/whip/${streamId}`;

describe("WHIP ingest", () => {
  it("takes a browser's camera into the ladder, and the stream plays over HLS through the edge", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 0, recording: true });
    const page = await browser.newPage();
    await page.goto(`${platform.edgeUrl}/healthz`);
    const published = await publishFromPage(page, whipUrl(stream.id), streamKey);
    expect(published.status).toBe(201);
    expect(published.location).toMatch(new RegExp(`^/whip/${stream.id}/[0-9a-f-]{36}$`));
    await until("stream.live", async () => (platform.events.some((e) => e.type === "stream.live" && e.data["streamId"] === stream.id) ? true : undefined), 30_000);
    // Trickle ICE (RFC 9725 §4.3.1): a candidate for the session's ETag is taken, a stale ETag is refused.
    const resource = `http://127.0.0.1:${platform.config.relay.httpPort}${published.location}`;
    const patch = (etag: string, fragment: string) => fetch(resource, { method: "PATCH", body: fragment, headers: { "content-type": "application/trickle-ice-sdpfrag", "if-match": etag } });
    const fragment = "a=mid:0\r\na=candidate:1 1 udp 2122260223 127.0.0.1 9 typ host\r\n";
    expect((await patch(published.etag ?? "", fragment)).status).toBe(204);
    expect((await patch('"stale"', fragment)).status).toBe(412);
    expect((await fetch(`${resource.slice(0, -36)}${crypto.randomUUID()}`, { method: "DELETE" })).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const deleted = await page.evaluate(async (url) => (await fetch(url, { method: "DELETE" })).status, resource);
    expect(deleted).toBe(200);
    await page.close();
    await waitForEnded(platform, stream.id);

    await until("recording.ready", async () => (platform.events.some((e) => e.type === "recording.ready" && e.data["streamId"] === stream.id) ? true : undefined));

    const { hls, dash } = await playbackUrls(platform, stream.id);
    const master = await (await fetch(hls)).text();
    // The Opus the browser sent became AAC once, in the ladder's ffmpeg.
    expect(master).toContain("mp4a.40.2");
    for (const rendition of ["360p", "audio"]) {
      const decoded = await decodeStreams(hls.replace("master.m3u8", `${rendition}/index.m3u8`));
      expect(decoded.some((s) => s.frames > 30)).toBe(true);
    }
    const fromDash = await decodeStreams(dash);
    expect(fromDash.filter((s) => s.frames > 30).map((s) => s.codecType).sort()).toEqual(["audio", "video"]);
  });

  it("refuses a wrong key with 401 and garbage SDP with 400, and stays healthy", async () => {
    const { stream, streamKey } = await createLiveStream(platform);
    const post = (body: string, key: string) => fetch(whipUrl(stream.id), { method: "POST", body, headers: { "content-type": "application/sdp", authorization: `Bearer ${key}` } });
    const wrong = await post("v=0\r\n", `${streamKey.slice(0, -1)}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Bearer");
    expect((await fetch(whipUrl(stream.id), { method: "POST", body: "v=0", headers: { "content-type": "application/sdp" } })).status).toBe(401);
    for (const garbage of ["hello", "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:x\r\na=fingerprint:nonsense\r\n", "\u0000".repeat(100)]) {
      expect((await post(garbage, streamKey)).status).toBe(400);
    }
    expect((await post("v=0", streamKey).then(async (r) => r.text()))).toMatch(/SDP/);
    expect((await fetch(whipUrl(stream.id), { method: "POST", body: "{}", headers: { "content-type": "application/json", authorization: `Bearer ${streamKey}` } })).status).toBe(400);
    expect((await post("v=0".padEnd(70_000, "x"), streamKey)).status).toBe(413);
    expect(platform.relay?.streams.has(stream.id)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${platform.config.relay.httpPort}/metrics`)).status).toBe(200);
  });
});
