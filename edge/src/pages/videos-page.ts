/**
 * `/dashboard/videos`: upload a video file (resumable, over tus) and the list of the tenant's videos.
 * Static markup only; the script (client/videos.ts) signs in with the dashboard's session key.
 */
import { html } from "hono/html";
import { layout } from "./layout.ts";

const upload = html`<section aria-labelledby="upload-title">
  <h2 id="upload-title">Publish a video file</h2>
  <form id="upload-form">
    <div class="field"><label for="upload-file">Video file</label><input id="upload-file" name="file" type="file" accept="video/*,.mp4,.mov,.mkv,.webm" required></div>
    <div class="field"><label for="upload-name">Name</label><input id="upload-name" name="name" maxlength="200" placeholder="The file's name"></div>
    <button type="submit" id="upload-start">Upload</button>
    <button type="button" id="upload-pause" hidden>Pause</button>
  </form>
  <div id="upload-state" hidden>
    <label for="upload-progress" id="upload-label">Uploading</label>
    <progress id="upload-progress" max="1" value="0"></progress>
    <span id="upload-percent" aria-hidden="true">0%</span>
    <p class="help">An interrupted upload carries on from where it stopped: choose the same file and upload again.</p>
  </div>
</section>`;

const list = html`<section aria-labelledby="videos-title">
  <h2 id="videos-title" tabindex="-1">Videos</h2>
  <table id="videos">
    <thead><tr><th scope="col">Thumbnail</th><th scope="col">Name</th><th scope="col">State</th><th scope="col">Duration</th><th scope="col">Renditions</th><th scope="col"><span class="visually-hidden">Play</span></th></tr></thead>
    <tbody></tbody>
  </table>
  <p id="videos-empty" hidden>No videos yet: upload one above.</p>
</section>`;

export function videosPage() {
  const body = html`<header class="bar"><h1>Tributary</h1><nav><a href="/dashboard">Streams</a></nav></header>
<main>
  <p id="announcer" class="visually-hidden" role="status" aria-live="polite"></p>
  <p id="error" class="error" role="alert" hidden></p>
  <p id="signed-out" hidden>Sign in on the <a href="/dashboard">dashboard</a> first.</p>
  <div id="app" hidden>${upload}${list}</div>
</main>`;
  return layout("Tributary videos", body, ["/assets/videos.js"]);
}
