/** hls.js, always in low-latency mode (it falls back on playlists without parts); Safari plays HLS natively. */
import { hlsLibrary } from "./player-libraries.ts";
import type { ActivePlayer, PlayerView } from "./player-view.ts";

/** Fatal media errors hls.js may recover from before the player gives up on this attempt. */
const MEDIA_RECOVERIES = 2;

/** Starts playback of `src`; `onFatal` hears an error the player cannot recover from. */
export function startHls(view: PlayerView, src: string, onFatal: (message: string) => void): ActivePlayer | undefined {
  const Hls = hlsLibrary();
  if (Hls === undefined) {
    view.fail("The HLS player did not load.");
    return undefined;
  }
  const { video } = view;
  if (!Hls.isSupported()) {
    if (video.canPlayType("application/vnd.apple.mpegurl") === "") view.fail("This browser cannot play HLS.");
    else video.src = src;
    return undefined;
  }
  const hls = new Hls({ lowLatencyMode: true, backBufferLength: 30, maxLiveSyncPlaybackRate: 1.5 });
  let mediaRecoveries = 0;
  hls.on(Hls.Events.MANIFEST_PARSED, () => {
    view.fillQualities(hls.levels.map((level) => ({ height: level.height, bitrate: level.bitrate })));
    video.play().catch(() => undefined);
  });
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries < MEDIA_RECOVERIES) {
      mediaRecoveries += 1;
      return hls.recoverMediaError();
    }
    onFatal(`Playback failed (${data.details}).`);
  });
  const timer = setInterval(() => view.showLatency(hls.latency), 1000);
  hls.loadSource(src);
  hls.attachMedia(video);
  return {
    selectLevel: (index) => {
      hls.currentLevel = index;
    },
    destroy: () => {
      clearInterval(timer);
      hls.destroy();
    },
  };
}
