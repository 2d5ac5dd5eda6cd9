/** `/assets/videos.js`: the videos page's script (markup in ../videos-page.ts), signed in with the dashboard's session key. */
import { createApiClient, isUnauthorized } from "./api-client.ts";
import { messageOf, showError } from "./dashboard-messages.ts";
import { sessionKeyStore } from "./dashboard-session.ts";
import { element } from "./dom.ts";
import { uploadForm } from "./video-upload.ts";
import { videoList } from "./video-list.ts";

const keys = sessionKeyStore(sessionStorage);
const api = createApiClient({ key: keys.get });

function handle(error: unknown): void {
  if (isUnauthorized(error)) {
    keys.clear();
    element("app", HTMLElement).hidden = true;
    element("signed-out", HTMLElement).hidden = false;
    return;
  }
  showError(messageOf(error));
}

const videos = videoList({ api, onError: handle });
const form = uploadForm({ api, onUploaded: () => void videos.refresh(), onError: handle });
element("upload-form", HTMLFormElement).addEventListener("submit", (event) => void form.submit(event).catch(handle));
element("upload-pause", HTMLButtonElement).addEventListener("click", () => form.pause());

const signedIn = keys.get() !== undefined;
element("app", HTMLElement).hidden = !signedIn;
element("signed-out", HTMLElement).hidden = signedIn;
if (signedIn) void videos.refresh();
