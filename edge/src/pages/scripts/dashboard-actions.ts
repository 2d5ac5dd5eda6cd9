/** Dashboard script, part 3 of 3: create, credentials shown once, key rotation, share links, preview, wiring. */
export const DASHBOARD_ACTIONS = String.raw`
const SECRET_FIELDS = ["secret-rtmp-url", "secret-rtmp-server", "secret-stream-key", "secret-rtmps-url", "secret-srt-url", "secret-srt-passphrase"];

/** Fills the once-only credentials panel from a create or rotate-key answer. */
function showSecrets(view) {
  const ingest = view.ingest;
  const values = [ingest.rtmp.url, ingest.rtmp.server, ingest.streamKey, ingest.rtmps.url, ingest.srt.url, ingest.srt.passphrase || ""];
  SECRET_FIELDS.forEach((id, index) => {
    byId(id).value = values[index] || "";
  });
  byId("secret-srt-passphrase").closest(".field").hidden = !ingest.srt.passphrase;
  byId("secrets-stream").textContent = view.name;
  byId("secrets").dataset.streamId = view.id;
  byId("secrets").hidden = false;
  byId("secrets").focus();
}

function hideSecrets() {
  for (const id of SECRET_FIELDS) byId(id).value = "";
  byId("secrets").hidden = true;
}

async function createStream(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const name = byId("create-name").value.trim();
  if (!name) {
    showError("Give the stream a name.");
    return byId("create-name").focus();
  }
  const body = { name, latencyMode: byId("create-latency").value, ladder: byId("create-ladder").value, recording: byId("create-recording").checked };
  const submit = form.querySelector("button[type=submit]");
  submit.disabled = true;
  try {
    const created = await api("POST", "/streams", body, { "idempotency-key": randomKey() });
    showError("");
    form.reset();
    showSecrets(created);
    announce("Stream " + created.name + " created. Its stream key is shown once.");
    await refresh();
  } catch (error) {
    handle(error);
  } finally {
    submit.disabled = false;
  }
}

async function rotateKey() {
  const stream = streams.get(selectedId);
  if (!stream || !confirm("Rotate the key of " + stream.name + "? Encoders using the old key will be refused.")) return;
  try {
    showSecrets(await api("POST", "/streams/" + encodeURIComponent(stream.id) + "/rotate-key"));
    announce("Stream key rotated. The new key is shown once.");
  } catch (error) {
    handle(error);
  }
}

/** A player page URL with a fresh playback token for the stream's current (or last) broadcast. */
async function playerUrl(expiresIn) {
  const minted = await api("POST", "/playback-tokens", { streamId: selectedId, expiresIn });
  return location.origin + "/watch/" + encodeURIComponent(minted.mediaId) + "?token=" + encodeURIComponent(minted.token);
}

async function share(event) {
  event.preventDefault();
  try {
    const url = await playerUrl(Number(byId("share-expiry").value));
    byId("share-url").value = url;
    byId("share-open").href = url;
    byId("share-result").hidden = false;
    showError("");
    announce("Share link ready.");
    byId("share-url").focus();
  } catch (error) {
    handle(error);
  }
}

async function preview() {
  try {
    const frame = byId("preview");
    frame.src = await playerUrl(3600);
    frame.hidden = false;
    showError("");
  } catch (error) {
    handle(error);
  }
}

async function copy(button) {
  const input = byId(button.dataset.copy);
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand("copy");
  }
  announce("Copied.");
}

byId("sign-in-form").addEventListener("submit", signIn);
byId("sign-out").addEventListener("click", () => signOut("Signed out."));
byId("create-form").addEventListener("submit", createStream);
byId("rotate-key").addEventListener("click", rotateKey);
byId("share-form").addEventListener("submit", share);
byId("preview-button").addEventListener("click", preview);
byId("secrets-done").addEventListener("click", () => {
  hideSecrets();
  byId("create-name").focus();
});
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const copyButton = target && target.closest("[data-copy]");
  if (copyButton) return copy(copyButton);
  const manage = target && target.closest("[data-manage]");
  if (manage) selectStream(manage.dataset.manage);
});

if (sessionStorage.getItem(KEY_NAME)) {
  showApp(true);
  startPolling();
} else {
  byId("api-key").focus();
}
`;
