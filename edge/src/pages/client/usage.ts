/**
 * `/assets/usage.js`: the usage page's script (markup in ../usage-page.ts). Reads `/api/v1/usage` three
 * ways (totals, by tier, by media) with the dashboard's key and draws them with uPlot, which the page
 * loads as its own script (`/assets/uPlot.iife.min.js`); only its types are imported here.
 */
import type uPlot from "uplot";
import { createApiClient, isUnauthorized } from "./api-client.ts";
import { announce, messageOf, showError } from "./dashboard-messages.ts";
import { sessionKeyStore } from "./dashboard-session.ts";
import { element } from "./dom.ts";
import { minutesByTier, TIERS, topMedia, totalsOverTime } from "./usage-data.ts";

const UPlot = (globalThis as { uPlot?: typeof uPlot }).uPlot;
const keys = sessionKeyStore(sessionStorage);
const api = createApiClient({ key: keys.get });
const charts: uPlot[] = [];
const COLOURS = ["#2563eb", "#16a34a", "#d97706"];

function chart(id: string, label: string, x: number[], series: [string, number[]][]): void {
  if (UPlot === undefined) throw new TypeError("uPlot did not load");
  const target = element(id, HTMLElement);
  const options: uPlot.Options = {
    width: Math.max(320, target.clientWidth || 720),
    height: 240,
    series: [{}, ...series.map(([name], i) => ({ label: name, stroke: COLOURS[i % COLOURS.length] ?? "#2563eb", width: 2 }))],
    axes: [{}, { label }],
  };
  charts.push(new UPlot(options, [x, ...series.map(([, values]) => values)], target));
}

function fillTopMedia(rows: ReturnType<typeof topMedia>): void {
  const body = element("top-media", HTMLTableElement).tBodies[0];
  if (body === undefined) return;
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement("tr");
      for (const text of [row.mediaId, row.minutes.toFixed(1), row.gigabytes.toFixed(3)]) tr.appendChild(document.createElement("td")).textContent = text;
      return tr;
    }),
  );
}

const dayInput = (id: string) => element(id, HTMLInputElement).value;

/** Which request drew last: an earlier one answering late must not replace a newer range. */
let latest = 0;

async function show(): Promise<void> {
  const range = { from: `${dayInput("usage-from")}T00:00:00Z`, to: `${dayInput("usage-to")}T00:00:00Z`, granularity: element("usage-granularity", HTMLSelectElement).value };
  const request = ++latest;
  const [totals, byTier, byMedia] = await Promise.all([api.usage(range), api.usage({ ...range, groupBy: "tier" }), api.usage({ ...range, groupBy: "media" })]);
  if (request !== latest) return;
  for (const old of charts.splice(0)) old.destroy();
  const overTime = totalsOverTime(totals.data);
  chart("chart-minutes", "minutes", overTime.x, [["Delivered minutes", overTime.minutes]]);
  chart("chart-gigabytes", "GB", overTime.x, [["Egress GB", overTime.gigabytes]]);
  const tiers = minutesByTier(byTier.data);
  chart("chart-tiers", "minutes", tiers.x, TIERS.map((t) => [t, tiers.tiers[t]]));
  fillTopMedia(topMedia(byMedia.data, 10));
  announce("Usage updated.");
}

function run(): void {
  show().catch((error: unknown) => showError(isUnauthorized(error) ? "Your API key was refused: sign in on the dashboard again." : messageOf(error)));
}

const today = new Date();
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
element("usage-from", HTMLInputElement).value = isoDay(new Date(today.getTime() - 6 * 86_400_000));
element("usage-to", HTMLInputElement).value = isoDay(new Date(today.getTime() + 86_400_000));
element("usage-form", HTMLFormElement).addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
if (keys.get() === undefined) element("signed-out", HTMLElement).hidden = false;
else run();
