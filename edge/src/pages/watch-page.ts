/**
 * `/watch/<playbackId>?token=…` and `/watch/<token>/<playbackId>`: the player page. The manifest URL
 * is same-origin (`/p/<token>/<playbackId>/…`) so the strict CSP's `connect-src 'self'` covers it.
 */
import { html } from "hono/html";
import { layout } from "./layout.ts";

/** Playback ids are record ids; tokens are compact JWS (three base64url parts). */
const PLAYBACK_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 4096;

/** `whep`: WebRTC, the stream's source video in real time (live streams only). */
export type WatchFormat = "hls" | "dash" | "whep";

export interface WatchRequest {
  playbackId: string;
  token: string | undefined;
  format: WatchFormat;
}

/** The manifest the player loads, or why the link cannot play. */
export type WatchTarget = { ok: true; src: string; format: WatchFormat } | { ok: false; problem: string };

export function watchTarget(request: WatchRequest): WatchTarget {
  if (!PLAYBACK_ID.test(request.playbackId)) return { ok: false, problem: "This player link names no valid video." };
  const token = request.token;
  if (token === undefined || token === "") return { ok: false, problem: "This player link has no playback token." };
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN.test(token)) return { ok: false, problem: "This player link's playback token is malformed." };
  if (request.format === "whep") return { ok: true, src: `/whep/${token}/${request.playbackId}`, format: "whep" };
  const manifest = request.format === "dash" ? "manifest.mpd" : "master.m3u8";
  return { ok: true, src: `/p/${token}/${request.playbackId}/${manifest}`, format: request.format };
}

export function watchPage(target: WatchTarget) {
  const library = !target.ok ? undefined : target.format === "dash" ? "/assets/dash.all.min.js" : target.format === "hls" ? "/assets/hls.min.js" : undefined;
  const body = html`<main id="player" class="player" data-state="${target.ok ? "loading" : "error"}" data-src="${target.ok ? target.src : ""}" data-format="${target.ok ? target.format : ""}">
  <h1 class="visually-hidden">Tributary player</h1>
  <video id="video" controls autoplay muted playsinline></video>
  <div class="player-bar">
    <span class="field inline"><label for="quality">Quality</label><select id="quality" disabled><option value="-1">Auto</option></select></span>
    <span>Live latency: <output id="latency">–</output></span>
    <span id="player-state" role="status" aria-live="polite"></span>
  </div>
  <p id="player-error" class="error" role="alert"${target.ok ? html` hidden` : ""}>${target.ok ? "" : target.problem}</p>
</main>`;
  return layout("Tributary player", body, target.ok ? [...(library ? [library] : []), "/assets/player.js"] : []);
}
