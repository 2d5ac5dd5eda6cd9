/** Dashboard script, part 2 of 3: the stream list (polled), its rows and the selected stream's details. */
export const DASHBOARD_STREAMS = String.raw`
const POLL_MS = 3000;
const streams = new Map();
let selectedId;
let pollTimer;
let pollGeneration = 0;

const STATUS_LABELS = { live: "Live", reconnecting: "Reconnecting", idle: "Idle" };
const statusLabel = (status) => STATUS_LABELS[status] || status;
const latencyLabel = (mode) => (mode === "low" ? "Low" : "Normal");

function cell(row, index, text, tag) {
  let node = row.children[index];
  if (!node) {
    node = document.createElement(tag || "td");
    row.appendChild(node);
  }
  if (node.textContent !== text) node.textContent = text;
  return node;
}

/** Updates a row in place (buttons keep focus across polls); creates it the first time. */
function renderRow(stream) {
  const body = byId("streams").tBodies[0];
  let row = body.querySelector("tr[data-stream-id='" + CSS.escape(stream.id) + "']");
  if (!row) {
    row = document.createElement("tr");
    row.dataset.streamId = stream.id;
    body.appendChild(row);
  }
  cell(row, 0, stream.name, "th").scope = "row";
  cell(row, 1, statusLabel(stream.status)).className = "status status-" + stream.status;
  cell(row, 2, latencyLabel(stream.latencyMode));
  cell(row, 3, stream.recording ? "On" : "Off");
  const actions = row.children[4] || row.appendChild(document.createElement("td"));
  if (!actions.firstChild) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.manage = stream.id;
    actions.appendChild(button);
  }
  actions.firstChild.textContent = "Manage " + stream.name;
}

async function refresh() {
  const page = await api("GET", "/streams?limit=100");
  const seen = new Set();
  for (const stream of page.data) {
    seen.add(stream.id);
    const before = streams.get(stream.id);
    streams.set(stream.id, stream);
    renderRow(stream);
    if (before && before.status !== stream.status) announce(stream.name + " is " + statusLabel(stream.status).toLowerCase() + ".");
  }
  for (const id of Array.from(streams.keys())) {
    if (seen.has(id)) continue;
    streams.delete(id);
    const row = byId("streams").querySelector("tr[data-stream-id='" + CSS.escape(id) + "']");
    if (row) row.remove();
  }
  byId("streams-empty").hidden = streams.size > 0;
  if (selectedId) renderDetail();
}

async function poll(generation) {
  if (generation !== pollGeneration) return;
  try {
    await refresh();
  } catch (error) {
    handle(error);
  }
  if (generation === pollGeneration && sessionStorage.getItem(KEY_NAME)) pollTimer = setTimeout(() => poll(generation), POLL_MS);
}

function startPolling() {
  stopPolling();
  poll(pollGeneration);
}

function stopPolling() {
  pollGeneration += 1;
  clearTimeout(pollTimer);
}

function clearStreams() {
  streams.clear();
  byId("streams").tBodies[0].replaceChildren();
  selectedId = undefined;
  byId("detail").hidden = true;
  byId("preview").removeAttribute("src");
}

function formatBitrate(bps) {
  return bps >= 1e6 ? (bps / 1e6).toFixed(2) + " Mbit/s" : Math.round(bps / 1e3) + " kbit/s";
}

function renderHealth(health) {
  byId("detail-health-none").hidden = Boolean(health);
  byId("detail-health").hidden = !health;
  const warnings = byId("health-warnings");
  warnings.replaceChildren();
  if (!health) return;
  byId("health-bitrate").textContent = formatBitrate(health.bitrate);
  byId("health-fps").textContent = health.fps.toFixed(1) + " fps";
  byId("health-keyframes").textContent = health.keyframeIntervalSeconds.toFixed(1) + " s";
  const video = health.video;
  byId("health-video").textContent = video ? video.codec + (video.width ? " " + video.width + "×" + video.height : "") : "none";
  const audio = health.audio;
  byId("health-audio").textContent = audio ? audio.codec + (audio.sampleRate ? " " + audio.sampleRate + " Hz" : "") + (audio.channels ? " " + audio.channels + " ch" : "") : "none";
  for (const warning of health.warnings || []) {
    const item = document.createElement("li");
    item.textContent = warning.message;
    warnings.appendChild(item);
  }
}

function renderDetail() {
  const stream = streams.get(selectedId);
  if (!stream) {
    byId("detail").hidden = true;
    return;
  }
  byId("detail-title").textContent = stream.name;
  byId("detail-status").textContent = statusLabel(stream.status);
  byId("detail-id").textContent = stream.id;
  byId("detail-latency").textContent = latencyLabel(stream.latencyMode);
  byId("detail-rtmp").textContent = stream.ingest.rtmp.server;
  byId("detail-srt").textContent = stream.ingest.srt.url;
  renderHealth(stream.health);
}

function selectStream(id) {
  if (selectedId !== id) {
    byId("share-result").hidden = true;
    byId("preview").hidden = true;
    byId("preview").removeAttribute("src");
  }
  selectedId = id;
  renderDetail();
  byId("detail").hidden = false;
  byId("detail").focus();
}
`;
