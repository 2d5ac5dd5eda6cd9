/**
 * A test server for encrypted playback in a real browser: serves objects from memory, Shaka Player
 * from node_modules, a player page, and a W3C ClearKey license endpoint (EME §9.1.3/9.1.4 JSON) that
 * answers with the one key it was given, and counts the requests.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { base64url } from "#core/crypto/bytes.ts";

const SHAKA = new URL("../../../../node_modules/shaka-player/dist/shaka-player.compiled.js", import.meta.url);

/** Plays `?src=` with Shaka; the license URL comes from the MPD's ContentProtection. */
const PAGE = `<!doctype html><html><body><video id="v" muted autoplay playsinline></video>
<script src="/shaka.js"></script>
<script>
const stats = (window.stats = { frames: 0, error: null });
const video = document.getElementById("v");
shaka.polyfill.installAll();
const player = new shaka.Player();
player.addEventListener("error", (e) => { stats.error = String(e.detail.code); });
(async () => {
  await player.attach(video);
  await player.load(new URLSearchParams(location.search).get("src"));
  await video.play();
})().catch((e) => { stats.error = String(e.code ?? e); });
</script></body></html>`;

export interface ClearKeyServer {
  url: string;
  /** Objects served under `/media/`, by path after it. */
  media: Map<string, { body: Uint8Array | string; contentType: string }>;
  /** KIDs (base64url) asked for so far, and whether the license endpoint answers (false: 403). */
  licenseRequests: string[][];
  licensing: { enabled: boolean };
  close(): Promise<void>;
}

export async function startClearKeyServer(key: { kid: Uint8Array; key: Uint8Array }): Promise<ClearKeyServer> {
  const media = new Map<string, { body: Uint8Array | string; contentType: string }>();
  const licenseRequests: string[][] = [];
  const licensing = { enabled: true };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "content-type" };
    if (req.method === "OPTIONS") return void res.writeHead(204, cors).end();
    if (path === "/player.html") return void res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    if (path === "/shaka.js") return void readFile(SHAKA).then((body) => res.writeHead(200, { "content-type": "text/javascript" }).end(body));
    if (path === "/license" && req.method === "POST") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const request = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { kids?: string[] };
        licenseRequests.push(request.kids ?? []);
        if (!licensing.enabled) return void res.writeHead(403, cors).end();
        const kid = base64url(key.kid);
        const keys = (request.kids ?? []).includes(kid) ? [{ kty: "oct", kid, k: base64url(key.key) }] : [];
        res.writeHead(200, { ...cors, "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ keys, type: "temporary" }));
      });
      return;
    }
    const object = path.startsWith("/media/") ? media.get(path.slice("/media/".length)) : undefined;
    if (object === undefined) return void res.writeHead(404, cors).end();
    res.writeHead(200, { ...cors, "content-type": object.contentType }).end(object.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    media,
    licenseRequests,
    licensing,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
