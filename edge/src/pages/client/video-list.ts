/**
 * The videos table: polled while any video is still on its way, each row with its state (and
 * progress), duration, renditions, the poster as thumbnail and a play link once it is ready. Play
 * links and thumbnails use a playback token minted per ready video and kept for the page's life.
 */
import type { ApiClient, AssetView } from "./api-client.ts";
import { element } from "./dom.ts";

const POLL_MS = 2000;

function cell(row: HTMLTableRowElement, content: string | Node): HTMLTableCellElement {
  const td = row.insertCell();
  if (typeof content === "string") td.textContent = content;
  else td.append(content);
  return td;
}

function stateText(asset: AssetView): string {
  if (asset.status === "processing") return `processing ${Math.floor(asset.progress * 100)}%`;
  if (asset.status === "errored") return `errored: ${asset.error?.message ?? "unknown error"}`;
  return asset.status;
}

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return "";
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

export function videoList(options: { api: ApiClient; onError: (error: unknown) => void }): { refresh(): Promise<void> } {
  const tokens = new Map<string, Promise<{ token: string; mediaId: string }>>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tokenFor = (asset: AssetView) => {
    let minted = tokens.get(asset.id);
    if (minted === undefined) {
      minted = options.api.mintPlaybackToken({ mediaId: asset.mediaId, expiresIn: 86_400 });
      tokens.set(asset.id, minted);
      minted.catch(() => tokens.delete(asset.id));
    }
    return minted;
  };

  async function row(body: HTMLTableSectionElement, asset: AssetView): Promise<void> {
    const tr = body.insertRow();
    tr.dataset["asset"] = asset.id;
    const thumb = cell(tr, "");
    cell(tr, asset.name ?? asset.id);
    cell(tr, stateText(asset));
    cell(tr, duration(asset.durationSeconds));
    cell(tr, asset.renditions.map((r) => r.name).join(", "));
    const play = cell(tr, "");
    if (asset.status !== "ready") return;
    const { token, mediaId } = await tokenFor(asset);
    const img = document.createElement("img");
    img.src = `/p/${token}/${mediaId}/poster.jpg`;
    img.alt = "";
    img.width = 96;
    thumb.append(img);
    const link = document.createElement("a");
    link.href = `/watch/${token}/${mediaId}`;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Play";
    link.setAttribute("aria-label", `Play ${asset.name ?? asset.id}`);
    play.append(link);
  }

  async function refresh(): Promise<void> {
    clearTimeout(timer);
    try {
      const page = await options.api.listAssets(100);
      const body = element("videos", HTMLTableElement).tBodies[0] ?? element("videos", HTMLTableElement).createTBody();
      const fresh = document.createElement("tbody");
      for (const asset of [...page.data].reverse()) await row(fresh, asset);
      body.replaceWith(fresh);
      element("videos-empty", HTMLElement).hidden = page.data.length > 0;
      if (page.data.some((asset) => asset.status !== "ready" && asset.status !== "errored")) timer = setTimeout(() => void refresh(), POLL_MS);
    } catch (error) {
      options.onError(error);
    }
  }

  return { refresh };
}
