/**
 * A tiny page server for browser tests and the benchmark: serves hls.js or dash.js from node_modules and
 * a page that plays `?src=` with the chosen player in low-latency mode, recording what the test reads
 * from `window.stats`.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const SCRIPTS: Record<string, URL> = {
  "/hls.min.js": new URL("../../../../node_modules/hls.js/dist/hls.min.js", import.meta.url),
  "/dash.all.min.js": new URL("../../../../node_modules/dashjs/dist/modern/umd/dash.all.min.js", import.meta.url),
};

/** Browser-side statistics the page keeps in `window.stats`. */
export interface PlayerStats {
  /** performance.now() when the player was handed the URL, and at the first decoded video frame. */
  startMs: number;
  firstFrameMs: number | null;
  fatal: string | null;
  errors: string[];
  /** hls.js `latency` or dash.js `getCurrentLiveLatency()`, seconds, sampled each 250 ms after the first frame. */
  latency: number[];
  /** hls.js only: wall clock minus the playing PROGRAM-DATE-TIME, seconds (when the playlist has one). */
  wallLatency: number[];
}

const PAGE = `<!doctype html><html><body><video id="v" muted autoplay playsinline></video>
<script src="/hls.min.js"></script><script src="/dash.all.min.js"></script>
<script>
const params = new URLSearchParams(location.search);
const video = document.getElementById("v");
const stats = (window.stats = { startMs: performance.now(), firstFrameMs: null, fatal: null, errors: [], latency: [], wallLatency: [] });
video.requestVideoFrameCallback(() => { stats.firstFrameMs = performance.now(); });
let latency = () => null;
let wallLatency = () => null;
if (params.get("player") === "hls") {
  // Catch-up (playing up to 1.5x) pulls a player that fell behind back to the target latency, as our player page does.
  const hls = new Hls({ lowLatencyMode: params.get("ll") !== "0", backBufferLength: 10, maxLiveSyncPlaybackRate: 1.5 });
  hls.on(Hls.Events.ERROR, (_e, d) => { stats.errors.push(d.details); if (d.fatal) stats.fatal = d.details; });
  hls.loadSource(params.get("src"));
  hls.attachMedia(video);
  latency = () => hls.latency;
  wallLatency = () => (hls.playingDate ? (Date.now() - hls.playingDate.getTime()) / 1000 : null);
  window.player = hls;
} else {
  const player = dashjs.MediaPlayer().create();
  // Without ?delay= the MPD's ServiceDescription latency target applies.
  if (params.has("delay")) player.updateSettings({ streaming: { delay: { liveDelay: Number(params.get("delay")) } } });
  player.on(dashjs.MediaPlayer.events.ERROR, (e) => { const m = JSON.stringify(e.error ?? e).slice(0, 200); stats.errors.push(m); stats.fatal = m; });
  player.initialize(video, params.get("src"), true);
  latency = () => player.getCurrentLiveLatency();
  window.player = player;
}
const sample = (list, value) => { if (typeof value === "number" && Number.isFinite(value) && value > 0) list.push(value); };
setInterval(() => { if (stats.firstFrameMs !== null) { sample(stats.latency, latency()); sample(stats.wallLatency, wallLatency()); } }, 250);
</script></body></html>`;

export interface PlayerPageServer {
  /** Page URL for `player` playing `src`. */
  pageUrl(player: "hls" | "dash", src: string, extra?: Record<string, string>): string;
  close(): Promise<void>;
}

export async function startPlayerPage(): Promise<PlayerPageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const script = SCRIPTS[path];
    if (path === "/player.html") res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    else if (script !== undefined) void readFile(script).then((body) => res.writeHead(200, { "content-type": "text/javascript" }).end(body));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    pageUrl: (player, src, extra = {}) => `${base}/player.html?${new URLSearchParams({ player, src, ...extra }).toString()}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
