/**
 * One simulated LL-HLS viewer, as hls.js plays a stream in low-latency mode: the multivariant
 * playlist, then for the video variant and its audio rendition each, a plain load of the media
 * playlist and then blocking reloads one after another (`_HLS_msn`/`_HLS_part` of the part after the
 * last listed, RFC 8216bis §6.2.5.2). It fetches the preload hint as soon as it is listed (the edge
 * holds it until the part exists) and every newly listed part it has not fetched as a hint, in order.
 * On joining it starts a few parts behind the live edge, as a player does (PART-HOLD-BACK). Each
 * viewer keeps connections of its own, as a browser does (at most 6 to one host over HTTP/1.1),
 * opened as it joins and reused for every request after.
 */
import { Agent } from "node:http";
import { httpGet } from "../ingest/http-get.ts";
import { playedUris, readLowLatencyPlaylist, type LowLatencyPlaylist } from "./ll-playlist.ts";
import { wallNow, type LoadRecorder } from "./recorder.ts";

export interface ViewerPolicy {
  /** A blocking reload unanswered after this is a timeout (the edge may hold it ~3 target durations). */
  reloadTimeoutMs: number;
  /** A part or preload hint unanswered after this is a timeout. */
  partTimeoutMs: number;
  /** Parts behind the live edge a joining viewer starts with. */
  startParts: number;
}

export const DEFAULT_VIEWER_POLICY: ViewerPolicy = { reloadTimeoutMs: 8_000, partTimeoutMs: 4_000, startParts: 3 };

/**
 * A browser's connections to one host. Idle ones close after 4 s, before a Node server's 5 s keep-alive
 * timeout does: a request sent on a socket the server is closing at that moment would fail (ECONNRESET).
 */
const browserAgent = () => new Agent({ keepAlive: true, maxSockets: 6, timeout: 4_000 });

/** One media playlist followed by one viewer (the video variant or the audio rendition). */
function followTrack(name: string, url: string, agent: Agent, recorder: LoadRecorder, policy: ViewerPolicy, stopped: () => boolean): Promise<void> {
  const seen = new Set<string>();
  const fetched = new Set<string>();
  let queue: Promise<void> = Promise.resolve();

  const fetchPart = async (key: string, partUrl: string, kind: "part" | "hint") => {
    if (stopped()) return;
    const result = await httpGet(partUrl, policy.partTimeoutMs, false, agent);
    if (stopped()) return;
    if (recorder.answered(kind, result, `${name} ${kind} ${key}`)) recorder.delivered(`${name}/${key}`, wallNow());
  };

  const take = (playlist: LowLatencyPlaylist, base: string, first: boolean) => {
    const now = wallNow();
    // Parts are listed in order: the new ones are those after the last this viewer saw listed.
    let firstNew = playlist.parts.length;
    while (firstNew > 0 && !seen.has(playlist.parts[firstNew - 1]?.key ?? "")) firstNew--;
    const listed = playlist.parts.slice(firstNew);
    for (const part of listed) {
      seen.add(part.key);
      recorder.listed(`${name}/${part.key}`, now);
    }
    // A joining viewer starts near the live edge; everything before is history it never fetches.
    const wanted = (first ? listed.slice(-policy.startParts) : listed).filter((part) => !fetched.has(part.key));
    for (const part of listed) fetched.add(part.key);
    for (const part of wanted) {
      const partUrl = new URL(part.uri, base).href;
      queue = queue.then(() => fetchPart(part.key, partUrl, "part"));
    }
    const hintKey = `${playlist.next.msn}.${playlist.next.part}`;
    if (playlist.preloadHint !== undefined && !fetched.has(hintKey)) {
      fetched.add(hintKey);
      void fetchPart(hintKey, new URL(playlist.preloadHint, base).href, "hint");
    }
    const newest = playlist.parts.at(-1);
    if (!first && newest !== undefined) recorder.reloaded(`${name}/${newest.key}`, now);
  };

  return (async () => {
    let playlist: LowLatencyPlaylist | undefined;
    while (!stopped() && playlist === undefined) {
      const result = await httpGet(url, policy.reloadTimeoutMs, true, agent);
      if (recorder.answered("start", result, `${name} playlist`) && result.kind === "response") {
        playlist = readLowLatencyPlaylist(result.body?.toString("utf8") ?? "");
        take(playlist, url, true);
      } else await new Promise((resolve) => setTimeout(resolve, 500));
    }
    while (!stopped() && playlist !== undefined && !playlist.ended) {
      const reload = new URL(url);
      reload.searchParams.set("_HLS_msn", String(playlist.next.msn));
      reload.searchParams.set("_HLS_part", String(playlist.next.part));
      const result = await httpGet(reload.href, policy.reloadTimeoutMs, true, agent);
      if (stopped()) return;
      if (recorder.answered("reload", result, `${name} blocking reload`) && result.kind === "response") {
        playlist = readLowLatencyPlaylist(result.body?.toString("utf8") ?? "");
        take(playlist, url, false);
      } else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
}

/** Plays `masterUrl` until `stop()`; what it sees goes to `recorder`. */
export function startLowLatencyViewer(masterUrl: string, recorder: LoadRecorder, policy: ViewerPolicy = DEFAULT_VIEWER_POLICY): { stop(): void } {
  let stopped = false;
  const agent = browserAgent();
  void (async () => {
    let uris: ReturnType<typeof playedUris> = { video: undefined, audio: [] };
    while (!stopped && uris.video === undefined) {
      const result = await httpGet(masterUrl, policy.partTimeoutMs, true, agent);
      if (recorder.answered("start", result, "multivariant playlist") && result.kind === "response") uris = playedUris(result.body?.toString("utf8") ?? "");
      if (uris.video === undefined) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (stopped || uris.video === undefined) return;
    recorder.viewersStarted++;
    const tracks = [["video", uris.video], ...uris.audio.map((uri) => ["audio", uri])] as const;
    await Promise.all(tracks.map(([name, uri]) => followTrack(name, new URL(uri, masterUrl).href, agent, recorder, policy, () => stopped)));
  })();
  return {
    stop() {
      stopped = true;
      agent.destroy();
    },
  };
}
