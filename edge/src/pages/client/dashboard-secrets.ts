/** The once-only credentials panel: filled from a create or rotate-key answer, emptied when dismissed. */
import type { StreamView } from "./api-client.ts";
import { element } from "./dom.ts";

type Ingest = StreamView["ingest"];

/** Each field of the panel and where its value comes from. */
const SECRET_FIELDS: readonly (readonly [string, (ingest: Ingest) => string | undefined])[] = [
  ["secret-rtmp-url", (i) => i.rtmp.url],
  ["secret-rtmp-server", (i) => i.rtmp.server],
  ["secret-stream-key", (i) => i.streamKey],
  ["secret-rtmps-url", (i) => i.rtmps.url],
  ["secret-srt-url", (i) => i.srt.url],
  ["secret-srt-passphrase", (i) => i.srt.passphrase],
];

export function showSecrets(view: StreamView): void {
  for (const [id, value] of SECRET_FIELDS) element(id, HTMLInputElement).value = value(view.ingest) ?? "";
  const passphrase = element("secret-srt-passphrase", HTMLInputElement).closest<HTMLElement>(".field");
  if (passphrase !== null) passphrase.hidden = view.ingest.srt.passphrase === undefined || view.ingest.srt.passphrase === "";
  element("secrets-stream", HTMLElement).textContent = view.name;
  // The key is shown now only: "Go live from this browser" can use it without a paste.
  if (view.ingest.streamKey !== undefined) element("go-live-key", HTMLInputElement).value = view.ingest.streamKey;
  const panel = element("secrets", HTMLElement);
  panel.dataset["streamId"] = view.id;
  panel.hidden = false;
  panel.focus();
}

export function hideSecrets(): void {
  for (const [id] of SECRET_FIELDS) element(id, HTMLInputElement).value = "";
  element("secrets", HTMLElement).hidden = true;
}
