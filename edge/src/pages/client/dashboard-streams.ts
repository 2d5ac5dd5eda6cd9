/**
 * The stream list: polled every few seconds, rows updated in place (so a focused button keeps focus),
 * status changes announced, and the selected stream's detail kept current.
 */
import type { ApiClient, StreamView } from "./api-client.ts";
import { renderDetail, resetSharing } from "./dashboard-detail.ts";
import { announce } from "./dashboard-messages.ts";
import { element } from "./dom.ts";
import { latencyLabel, statusLabel } from "./stream-labels.ts";

const POLL_MS = 3000;

export interface StreamList {
  refresh(): Promise<void>;
  startPolling(): void;
  stopPolling(): void;
  /** Drops every row and the selection (signing out). */
  clear(): void;
  select(id: string): void;
  /** The stream whose detail is open. */
  selected(): StreamView | undefined;
}

export interface StreamListDeps {
  api: ApiClient;
  /** Polling stops by itself once this turns false. */
  signedIn(): boolean;
  /** A failed poll (a refused key signs out). */
  onError(error: unknown): void;
}

function cell(row: HTMLTableRowElement, index: number, text: string, tag: "td" | "th" = "td"): HTMLTableCellElement {
  let node = row.cells[index];
  if (node === undefined) {
    node = document.createElement(tag);
    row.appendChild(node);
  }
  if (node.textContent !== text) node.textContent = text;
  return node;
}

const rowSelector = (id: string) => `tr[data-stream-id='${CSS.escape(id)}']`;
const tableBody = () => element("streams", HTMLTableElement).tBodies[0] as HTMLTableSectionElement;

/** Updates a row in place; creates it the first time. */
function renderRow(stream: StreamView): void {
  const body = tableBody();
  let row = body.querySelector<HTMLTableRowElement>(rowSelector(stream.id));
  if (row === null) {
    row = document.createElement("tr");
    row.dataset["streamId"] = stream.id;
    body.appendChild(row);
  }
  cell(row, 0, stream.name, "th").scope = "row";
  cell(row, 1, statusLabel(stream.status)).className = `status status-${stream.status}`;
  cell(row, 2, latencyLabel(stream.latencyMode));
  cell(row, 3, stream.recording ? "On" : "Off");
  const actions = row.cells[4] ?? row.appendChild(document.createElement("td"));
  let button = actions.querySelector("button");
  if (button === null) {
    button = document.createElement("button");
    button.type = "button";
    button.dataset["manage"] = stream.id;
    actions.appendChild(button);
  }
  button.textContent = `Manage ${stream.name}`;
}

export function streamList(deps: StreamListDeps): StreamList {
  const streams = new Map<string, StreamView>();
  let selectedId: string | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every start and stop, so a poll in flight when polling stopped schedules nothing. */
  let pollGeneration = 0;

  async function refresh(): Promise<void> {
    const page = await deps.api.listStreams(100);
    const seen = new Set<string>();
    for (const stream of page.data) {
      seen.add(stream.id);
      const before = streams.get(stream.id);
      streams.set(stream.id, stream);
      renderRow(stream);
      if (before !== undefined && before.status !== stream.status) announce(`${stream.name} is ${statusLabel(stream.status).toLowerCase()}.`);
    }
    for (const id of [...streams.keys()]) {
      if (seen.has(id)) continue;
      streams.delete(id);
      tableBody().querySelector(rowSelector(id))?.remove();
    }
    element("streams-empty", HTMLElement).hidden = streams.size > 0;
    if (selectedId !== undefined) renderDetail(streams.get(selectedId));
  }

  async function poll(generation: number): Promise<void> {
    if (generation !== pollGeneration) return;
    try {
      await refresh();
    } catch (error) {
      deps.onError(error);
    }
    if (generation === pollGeneration && deps.signedIn()) pollTimer = setTimeout(() => void poll(generation), POLL_MS);
  }

  function stopPolling(): void {
    pollGeneration += 1;
    clearTimeout(pollTimer);
  }

  return {
    refresh,
    startPolling() {
      stopPolling();
      void poll(pollGeneration);
    },
    stopPolling,
    clear() {
      streams.clear();
      tableBody().replaceChildren();
      selectedId = undefined;
      element("detail", HTMLElement).hidden = true;
      element("preview", HTMLIFrameElement).removeAttribute("src");
    },
    select(id) {
      if (selectedId !== id) resetSharing();
      selectedId = id;
      renderDetail(streams.get(id));
      const panel = element("detail", HTMLElement);
      panel.hidden = false;
      panel.focus();
    },
    selected: () => (selectedId === undefined ? undefined : streams.get(selectedId)),
  };
}
