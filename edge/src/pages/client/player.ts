/**
 * `/assets/player.js`: the watch page's script (markup in ../watch-page.ts). Plays the page's manifest
 * with hls.js or dash.js; a link opened before the broadcast starts waits for it, and a player that
 * fails because the broadcast ended waits for the next one.
 */
import { element } from "./dom.ts";
import { startDash } from "./player-dash.ts";
import { startHls } from "./player-hls.ts";
import { startWhep } from "./player-whep.ts";
import { playerView, type ActivePlayer } from "./player-view.ts";

/** How often to look again while the broadcast has not started (the manifest answers 404). */
const WAITING_RETRY_MS = 3000;
const HTTP_MESSAGES: Partial<Record<number, string>> = { 401: "This link has expired or is not valid.", 403: "This link does not allow playback here." };

const root = element("player", HTMLElement);
const src = root.dataset["src"] ?? "";
const view = playerView();
let active: ActivePlayer | undefined;

/** The manifest's HTTP status; 0 when the network failed. */
const manifestStatus = () => fetch(src, { cache: "no-store" }).then((response) => response.status, () => 0);

/** WebRTC: the offer itself asks whether the stream is live; a 404 means not yet. */
async function startRealtime(): Promise<void> {
  view.setState("loading", "Connecting…");
  active = await startWhep(view, src, () => {
    view.setState("waiting", "Waiting for the broadcast to start…");
    setTimeout(() => void startRealtime(), WAITING_RETRY_MS);
  });
}

/** Starts the player once the manifest exists. */
async function start(): Promise<void> {
  if (root.dataset["format"] === "whep") return startRealtime();
  const status = await manifestStatus();
  if (status === 200) {
    view.setState("loading", "Loading…");
    active = (root.dataset["format"] === "dash" ? startDash : startHls)(view, src, (message) => void recover(message));
    return;
  }
  if (status === 404 || status === 0) {
    view.setState("waiting", status === 0 ? "Offline: retrying…" : "Waiting for the broadcast to start…");
    setTimeout(() => void start(), WAITING_RETRY_MS);
    return;
  }
  view.fail(HTTP_MESSAGES[status] ?? `The server answered ${status}.`);
}

/** After a fatal player error: wait again if the broadcast is gone, else show why it stopped. */
async function recover(message: string): Promise<void> {
  active?.destroy();
  active = undefined;
  const status = await manifestStatus();
  if (status === 404) return start();
  view.fail(HTTP_MESSAGES[status] ?? message);
}

view.video.addEventListener("playing", () => view.setState("playing", "Playing."));
view.video.addEventListener("waiting", () => view.setState("loading", "Buffering…"));
const quality = element("quality", HTMLSelectElement);
quality.addEventListener("change", () => active?.selectLevel(Number(quality.value)));
if (src !== "") void start();
