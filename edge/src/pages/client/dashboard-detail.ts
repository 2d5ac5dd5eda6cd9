/** The selected stream's panel: its settings, ingest addresses and the ingest health the relay measures. */
import type { StreamView } from "./api-client.ts";
import { element } from "./dom.ts";
import { formatBitrate, latencyLabel, statusLabel } from "./stream-labels.ts";

type Health = NonNullable<StreamView["health"]>;

const text = (id: string, value: string) => {
  element(id, HTMLElement).textContent = value;
};

function videoLabel(video: Health["video"]): string {
  if (video === undefined) return "none";
  return video.codec + (video.width !== undefined && video.height !== undefined ? ` ${video.width}×${video.height}` : "");
}

function audioLabel(audio: Health["audio"]): string {
  if (audio === undefined) return "none";
  return audio.codec + (audio.sampleRate !== undefined ? ` ${audio.sampleRate} Hz` : "") + (audio.channels !== undefined ? ` ${audio.channels} ch` : "");
}

function renderHealth(health: Health | undefined): void {
  element("detail-health-none", HTMLElement).hidden = health !== undefined;
  element("detail-health", HTMLElement).hidden = health === undefined;
  const warnings = element("health-warnings", HTMLUListElement);
  warnings.replaceChildren();
  if (health === undefined) return;
  text("health-bitrate", formatBitrate(health.bitrate));
  text("health-fps", `${health.fps.toFixed(1)} fps`);
  text("health-keyframes", `${health.keyframeIntervalSeconds.toFixed(1)} s`);
  text("health-video", videoLabel(health.video));
  text("health-audio", audioLabel(health.audio));
  for (const warning of health.warnings) {
    const item = document.createElement("li");
    item.textContent = warning.message;
    warnings.appendChild(item);
  }
}

/** Fills the panel from `stream`, or hides it when the stream is gone. */
export function renderDetail(stream: StreamView | undefined): void {
  const panel = element("detail", HTMLElement);
  if (stream === undefined) {
    panel.hidden = true;
    return;
  }
  text("detail-title", stream.name);
  text("detail-status", statusLabel(stream.status));
  text("detail-id", stream.id);
  text("detail-latency", latencyLabel(stream.latencyMode));
  text("detail-rtmp", stream.ingest.rtmp.server);
  text("detail-srt", stream.ingest.srt.url);
  panel.dataset["whipUrl"] = stream.ingest.whip?.url ?? "";
  renderHealth(stream.health);
}

/** Forgets the previous stream's share link and preview (the player keeps no stream's token). */
export function resetSharing(): void {
  element("share-result", HTMLElement).hidden = true;
  const preview = element("preview", HTMLIFrameElement);
  preview.hidden = true;
  preview.removeAttribute("src");
}
