/**
 * Player page script: hls.js (always in low-latency mode: it falls back on playlists without parts) or
 * dash.js, a quality menu from the player's levels, a live-latency readout and error display. A link
 * opened before the broadcast starts waits for it. The page root's `data-state` (waiting, loading,
 * playing, error) lets tests and embedders read where it stands.
 */
export const PLAYER_SCRIPT = String.raw`
(function () {
  "use strict";
  /** How often to look again while the broadcast has not started (the manifest answers 404). */
  const WAITING_RETRY_MS = 3000;
  const HTTP_MESSAGES = { 401: "This link has expired or is not valid.", 403: "This link does not allow playback here." };
  const byId = (id) => document.getElementById(id);
  const root = byId("player");
  const video = byId("video");
  const quality = byId("quality");
  const latency = byId("latency");
  const state = byId("player-state");
  const src = root.dataset.src;
  /** The running player: its level switch and its teardown. */
  let active;

  function setState(name, text) {
    root.dataset.state = name;
    state.textContent = text;
  }

  function fail(message) {
    const box = byId("player-error");
    box.textContent = message;
    box.hidden = false;
    setState("error", "Playback stopped.");
  }

  function fillQualities(levels) {
    quality.replaceChildren(new Option("Auto", "-1"));
    levels.forEach((level, index) => {
      const kbps = Math.round(level.bitrate / 1000);
      quality.appendChild(new Option((level.height ? level.height + "p, " : "") + kbps + " kbit/s", String(index)));
    });
    quality.disabled = levels.length < 2;
  }

  function showLatency(seconds) {
    latency.textContent = Number.isFinite(seconds) && seconds > 0 ? seconds.toFixed(1) + " s" : "–";
  }

  function startHls() {
    if (typeof Hls === "undefined") return fail("The HLS player did not load.");
    if (!Hls.isSupported()) {
      if (!video.canPlayType("application/vnd.apple.mpegurl")) return fail("This browser cannot play HLS.");
      video.src = src;
      return;
    }
    const hls = new Hls({ lowLatencyMode: true, backBufferLength: 30, maxLiveSyncPlaybackRate: 1.5 });
    let mediaRecoveries = 0;
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      fillQualities(hls.levels.map((level) => ({ height: level.height, bitrate: level.bitrate })));
      video.play().catch(() => undefined);
    });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries < 2) {
        mediaRecoveries += 1;
        return hls.recoverMediaError();
      }
      recover("Playback failed (" + data.details + ").");
    });
    const timer = setInterval(() => showLatency(hls.latency), 1000);
    active = {
      selectLevel: (index) => { hls.currentLevel = index; },
      destroy: () => { clearInterval(timer); hls.destroy(); },
    };
    hls.loadSource(src);
    hls.attachMedia(video);
  }

  function startDash() {
    if (typeof dashjs === "undefined") return fail("The DASH player did not load.");
    const player = dashjs.MediaPlayer().create();
    // Without UTCTiming in the MPD dash.js asks time.akamai.com, which the CSP (rightly) refuses.
    player.updateSettings({ streaming: { utcSynchronization: { defaultTimingSource: { scheme: "urn:mpeg:dash:utc:http-iso:2014", value: location.origin + "/time" } } } });
    const events = dashjs.MediaPlayer.events;
    player.on(events.STREAM_INITIALIZED, () => {
      fillQualities(player.getRepresentationsByType("video").map((r) => ({ height: r.height, bitrate: r.bandwidth })));
    });
    player.on(events.ERROR, (event) => {
      const error = event.error || {};
      recover("Playback failed (" + (error.message || error.code || "unknown error") + ").");
    });
    const timer = setInterval(() => showLatency(player.isDynamic() ? player.getCurrentLiveLatency() : NaN), 1000);
    active = {
      selectLevel: (index) => {
        player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: index < 0 } } } });
        if (index >= 0) player.setRepresentationForTypeByIndex("video", index, true);
      },
      destroy: () => { clearInterval(timer); player.reset(); },
    };
    player.initialize(video, src, true);
  }

  const manifestStatus = () => fetch(src, { cache: "no-store" }).then((response) => response.status, () => 0);

  /** Starts the player once the manifest exists; a link opened before the broadcast waits for it. */
  async function start() {
    const status = await manifestStatus();
    if (status === 200) {
      setState("loading", "Loading…");
      return root.dataset.format === "dash" ? startDash() : startHls();
    }
    if (status === 404 || status === 0) {
      setState("waiting", status === 0 ? "Offline: retrying…" : "Waiting for the broadcast to start…");
      return setTimeout(start, WAITING_RETRY_MS);
    }
    fail(HTTP_MESSAGES[status] || "The server answered " + status + ".");
  }

  /** After a fatal player error: wait again if the broadcast is gone, else show why it stopped. */
  async function recover(message) {
    if (active) active.destroy();
    active = undefined;
    const status = await manifestStatus();
    if (status === 404) return start();
    fail(HTTP_MESSAGES[status] || message);
  }

  video.addEventListener("playing", () => setState("playing", "Playing."));
  video.addEventListener("waiting", () => setState("loading", "Buffering…"));
  quality.addEventListener("change", () => {
    if (active) active.selectLevel(Number(quality.value));
  });
  if (src) start();
})();
`;
