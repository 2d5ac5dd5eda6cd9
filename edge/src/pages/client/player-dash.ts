/** dash.js, clocked by the edge's `/time` (the CSP rightly refuses dash.js's default time.akamai.com). */
import { dashLibrary } from "./player-libraries.ts";
import type { ActivePlayer, PlayerView } from "./player-view.ts";

/** Starts playback of `src`; `onFatal` hears an error the player cannot recover from. */
export function startDash(view: PlayerView, src: string, onFatal: (message: string) => void): ActivePlayer | undefined {
  const dashjs = dashLibrary();
  if (dashjs === undefined) {
    view.fail("The DASH player did not load.");
    return undefined;
  }
  const player = dashjs.MediaPlayer().create();
  // Used when the MPD has no UTCTiming (urn:mpeg:dash:utc:http-iso:2014, ISO/IEC 23009-1 Annex E).
  player.updateSettings({ streaming: { utcSynchronization: { defaultTimingSource: { scheme: "urn:mpeg:dash:utc:http-iso:2014", value: `${location.origin}/time` } } } });
  const events = dashjs.MediaPlayer.events;
  player.on(events.STREAM_INITIALIZED, () => {
    view.fillQualities(player.getRepresentationsByType("video").map((r) => ({ height: r.height, bitrate: r.bandwidth })));
  });
  player.on(events.ERROR, (event) => {
    const error: { message?: string; code?: number | string } = "error" in event && typeof event.error === "object" && event.error !== null ? event.error : {};
    onFatal(`Playback failed (${error.message ?? error.code ?? "unknown error"}).`);
  });
  const timer = setInterval(() => view.showLatency(player.isDynamic() ? player.getCurrentLiveLatency() : NaN), 1000);
  player.initialize(view.video, src, true);
  return {
    selectLevel: (index) => {
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: index < 0 } } } });
      if (index >= 0) player.setRepresentationForTypeByIndex("video", index, true);
    },
    destroy: () => {
      clearInterval(timer);
      player.reset();
    },
  };
}
