/**
 * `/dashboard`: static markup only. The API key never reaches the server's HTML: the script keeps it
 * in sessionStorage and sends it as a Bearer token to `/api/v1`.
 */
import { html } from "hono/html";
import { LADDER_PROFILE_NAMES, type LadderProfileName } from "#core/ladder/profiles.ts";
import { layout } from "./layout.ts";

const PROFILE_LABELS: Record<LadderProfileName, string> = {
  default: "Adaptive ladder, 1080p to 240p (transcoded)",
  passthrough: "Source only (no transcoding)",
  mobile: "Mobile, 720p to 240p at cellular rates",
  "premium-1080p": "Premium: source plus 1080p to 360p",
};

/** A read-only value with a copy button; the script fills `value`. */
function copyField(id: string, label: string) {
  return html`<div class="field copy-field">
  <label for="${id}">${label}</label>
  <span class="row"><input id="${id}" type="text" readonly spellcheck="false"><button type="button" data-copy="${id}">Copy <span class="visually-hidden">${label}</span></button></span>
</div>`;
}

const signIn = html`<section id="sign-in" aria-labelledby="sign-in-title">
  <h2 id="sign-in-title">Sign in</h2>
  <form id="sign-in-form" novalidate>
    <div class="field">
      <label for="api-key">API key</label>
      <input id="api-key" name="apiKey" type="password" autocomplete="off" spellcheck="false" required aria-describedby="api-key-help">
      <p id="api-key-help" class="help">Starts with <code>tk_</code>. Kept in this browser tab only (session storage).</p>
    </div>
    <button type="submit">Sign in</button>
  </form>
</section>`;

const streamList = html`<section aria-labelledby="streams-title">
  <h2 id="streams-title" tabindex="-1">Streams</h2>
  <table id="streams">
    <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Latency</th><th scope="col">Recording</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody></tbody>
  </table>
  <p id="streams-empty" hidden>No streams yet: create one below.</p>
</section>`;

const createForm = html`<section aria-labelledby="create-title">
  <h2 id="create-title">New stream</h2>
  <form id="create-form">
    <div class="field"><label for="create-name">Name</label><input id="create-name" name="name" required maxlength="200"></div>
    <div class="field"><label for="create-latency">Latency</label>
      <select id="create-latency" name="latencyMode"><option value="normal">Normal (about 6 s)</option><option value="low">Low (about 2 s, LL-HLS)</option></select></div>
    <div class="field"><label for="create-ladder">Renditions</label>
      <select id="create-ladder" name="ladder">${LADDER_PROFILE_NAMES.map((name) => html`<option value="${name}">${PROFILE_LABELS[name]}</option>`)}</select></div>
    <div class="field check"><input id="create-recording" name="recording" type="checkbox"><label for="create-recording">Record broadcasts</label></div>
    <button type="submit">Create stream</button>
  </form>
</section>`;

const secrets = html`<section id="secrets" hidden tabindex="-1" aria-labelledby="secrets-title">
  <h2 id="secrets-title">Ingest credentials for <span id="secrets-stream"></span></h2>
  <p class="warning">Shown once: copy them now. Rotate the key to get a new one.</p>
  ${copyField("secret-rtmp-url", "RTMP URL (server and key)")}
  ${copyField("secret-rtmp-server", "RTMP server")}
  ${copyField("secret-stream-key", "Stream key")}
  ${copyField("secret-rtmps-url", "RTMPS URL")}
  ${copyField("secret-srt-url", "SRT URL")}
  ${copyField("secret-srt-passphrase", "SRT passphrase")}
  <button type="button" id="secrets-done">Done</button>
</section>`;

const detail = html`<section id="detail" hidden tabindex="-1" aria-labelledby="detail-title">
  <h2 id="detail-title"></h2>
  <dl class="facts">
    <dt>Status</dt><dd id="detail-status"></dd>
    <dt>Stream id</dt><dd><code id="detail-id"></code></dd>
    <dt>Latency</dt><dd id="detail-latency"></dd>
    <dt>RTMP server</dt><dd><code id="detail-rtmp"></code></dd>
    <dt>SRT</dt><dd><code id="detail-srt"></code></dd>
  </dl>
  <h3>Ingest health</h3>
  <p id="detail-health-none">No signal.</p>
  <dl class="facts" id="detail-health" hidden>
    <dt>Bitrate</dt><dd id="health-bitrate"></dd>
    <dt>Frame rate</dt><dd id="health-fps"></dd>
    <dt>Keyframe interval</dt><dd id="health-keyframes"></dd>
    <dt>Video</dt><dd id="health-video"></dd>
    <dt>Audio</dt><dd id="health-audio"></dd>
  </dl>
  <ul id="health-warnings" class="warnings"></ul>
  <button type="button" id="rotate-key">Rotate stream key</button>
  <h3>Preview and share</h3>
  <form id="share-form">
    <div class="field"><label for="share-expiry">Link valid for</label>
      <select id="share-expiry"><option value="3600">1 hour</option><option value="86400" selected>1 day</option><option value="604800">7 days</option></select></div>
    <button type="submit">Create share link</button>
    <button type="button" id="preview-button">Preview</button>
  </form>
  <div id="share-result" hidden>
    ${copyField("share-url", "Share link")}
    <p><a id="share-open" href="#" target="_blank" rel="noopener">Open player</a></p>
  </div>
  <iframe id="preview" title="Live preview" hidden></iframe>
  <h3>Go live from this browser</h3>
  <form id="go-live-form">
    <div class="field"><label for="go-live-key">Stream key</label><input id="go-live-key" type="password" autocomplete="off" required></div>
    <button type="submit" id="go-live">Go live</button>
    <button type="button" id="go-live-stop" disabled>Stop</button>
    <output id="go-live-state" role="status"></output>
  </form>
  <video id="go-live-preview" muted playsinline autoplay hidden></video>
</section>`;

export function dashboardPage() {
  const body = html`<header class="bar"><h1>Tributary</h1><nav><a href="/dashboard/videos">Videos</a></nav><button type="button" id="sign-out" hidden>Sign out</button></header>
<main>
  <p id="announcer" class="visually-hidden" role="status" aria-live="polite"></p>
  <p id="error" class="error" role="alert" hidden></p>
  ${signIn}
  <div id="app" hidden>${streamList}${createForm}${secrets}${detail}</div>
</main>`;
  return layout("Tributary dashboard", body, ["/assets/dashboard.js"]);
}
