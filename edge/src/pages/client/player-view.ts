/**
 * The player page's controls and readouts (markup in ../watch-page.ts). The root's `data-state`
 * (waiting, loading, playing, error) lets tests and embedders read where playback stands.
 */
import { element } from "./dom.ts";

export type PlayerState = "waiting" | "loading" | "playing" | "error";

/** A rendition as the quality menu lists it. */
export interface Level {
  height?: number | undefined;
  bitrate: number;
}

/** The running player, whichever library drives it. */
export interface ActivePlayer {
  /** `-1` hands the choice back to the player's ABR. */
  selectLevel(index: number): void;
  destroy(): void;
}

export interface PlayerView {
  video: HTMLVideoElement;
  setState(state: PlayerState, text: string): void;
  /** Stops for good, showing why. */
  fail(message: string): void;
  fillQualities(levels: readonly Level[]): void;
  showLatency(seconds: number): void;
}

export function playerView(): PlayerView {
  const root = element("player", HTMLElement);
  const state = element("player-state", HTMLElement);
  const quality = element("quality", HTMLSelectElement);
  const latency = element("latency", HTMLOutputElement);
  const setState = (name: PlayerState, text: string) => {
    root.dataset["state"] = name;
    state.textContent = text;
  };
  return {
    video: element("video", HTMLVideoElement),
    setState,
    fail(message) {
      const box = element("player-error", HTMLElement);
      box.textContent = message;
      box.hidden = false;
      setState("error", "Playback stopped.");
    },
    fillQualities(levels) {
      quality.replaceChildren(new Option("Auto", "-1"));
      levels.forEach((level, index) => {
        const kbps = Math.round(level.bitrate / 1000);
        quality.appendChild(new Option(`${level.height ? `${level.height}p, ` : ""}${kbps} kbit/s`, String(index)));
      });
      quality.disabled = levels.length < 2;
    },
    showLatency(seconds) {
      latency.textContent = Number.isFinite(seconds) && seconds > 0 ? `${seconds.toFixed(1)} s` : "–";
    },
  };
}
