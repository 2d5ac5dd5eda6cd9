/** What the broadcaster does to streams: create one, rotate its key, share or preview it, copy a value. */
import type { LadderProfileName } from "#core/ladder/profiles.ts";
import type { ApiClient } from "./api-client.ts";
import { idempotencyKey } from "./api-client.ts";
import { announce, showError } from "./dashboard-messages.ts";
import { showSecrets } from "./dashboard-secrets.ts";
import type { StreamList } from "./dashboard-streams.ts";
import { element } from "./dom.ts";

export interface ActionDeps {
  api: ApiClient;
  streams: StreamList;
  /** Every failed action ends here. */
  onError(error: unknown): void;
}

export interface Actions {
  createStream(event: SubmitEvent): Promise<void>;
  rotateKey(): Promise<void>;
  share(event: SubmitEvent): Promise<void>;
  preview(): Promise<void>;
}

const LATENCY_MODES = ["normal", "low"] as const;
const latencyMode = (value: string) => LATENCY_MODES.find((mode) => mode === value) ?? "normal";
/** The page lists only profile names (dashboard-page.ts renders them from core's profiles); the API refuses any other with a 400. */
const ladderProfile = (value: string) => value as LadderProfileName;

export function actions(deps: ActionDeps): Actions {
  const { api, streams } = deps;

  /** A player page URL with a fresh playback token for the selected stream's current (or last) broadcast. */
  async function playerUrl(expiresIn: number): Promise<string> {
    const stream = streams.selected();
    if (stream === undefined) throw new Error("Choose a stream first.");
    const minted = await api.mintPlaybackToken({ streamId: stream.id, expiresIn });
    return `${location.origin}/watch/${encodeURIComponent(minted.mediaId)}?token=${encodeURIComponent(minted.token)}`;
  }

  return {
    async createStream(event) {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      const nameInput = element("create-name", HTMLInputElement);
      const name = nameInput.value.trim();
      if (name === "") {
        showError("Give the stream a name.");
        return nameInput.focus();
      }
      const body = {
        name,
        latencyMode: latencyMode(element("create-latency", HTMLSelectElement).value),
        ladder: ladderProfile(element("create-ladder", HTMLSelectElement).value),
        recording: element("create-recording", HTMLInputElement).checked,
      };
      const submit = form.querySelector<HTMLButtonElement>("button[type=submit]");
      if (submit !== null) submit.disabled = true;
      try {
        const created = await api.createStream(body, idempotencyKey());
        showError("");
        form.reset();
        showSecrets(created);
        announce(`Stream ${created.name} created. Its stream key is shown once.`);
        await streams.refresh();
      } catch (error) {
        deps.onError(error);
      } finally {
        if (submit !== null) submit.disabled = false;
      }
    },

    async rotateKey() {
      const stream = streams.selected();
      if (stream === undefined || !confirm(`Rotate the key of ${stream.name}? Encoders using the old key will be refused.`)) return;
      try {
        showSecrets(await api.rotateKey(stream.id));
        announce("Stream key rotated. The new key is shown once.");
      } catch (error) {
        deps.onError(error);
      }
    },

    async share(event) {
      event.preventDefault();
      try {
        const url = await playerUrl(Number(element("share-expiry", HTMLSelectElement).value));
        const field = element("share-url", HTMLInputElement);
        field.value = url;
        element("share-open", HTMLAnchorElement).href = url;
        element("share-result", HTMLElement).hidden = false;
        showError("");
        announce("Share link ready.");
        field.focus();
      } catch (error) {
        deps.onError(error);
      }
    },

    async preview() {
      try {
        const frame = element("preview", HTMLIFrameElement);
        frame.src = await playerUrl(3600);
        frame.hidden = false;
        showError("");
      } catch (error) {
        deps.onError(error);
      }
    },
  };
}

/** Copies the input a `data-copy` button names; falls back to selecting it where the clipboard API is refused. */
export async function copyField(button: HTMLElement): Promise<void> {
  const input = element(button.dataset["copy"] ?? "", HTMLInputElement);
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand("copy");
  }
  announce("Copied.");
}
