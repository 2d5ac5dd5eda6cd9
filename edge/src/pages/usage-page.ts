/**
 * `/dashboard/usage`: static markup for the usage charts. The script (client/usage.ts) signs in with
 * the key the dashboard keeps in this tab's sessionStorage, reads `/api/v1/usage`, and draws with
 * uPlot (served from `/assets/`, no CDN).
 */
import { html } from "hono/html";
import { layout } from "./layout.ts";

const chart = (id: string, title: string) => html`<section aria-labelledby="${id}-title">
  <h2 id="${id}-title">${title}</h2>
  <div id="${id}" class="chart" role="img" aria-labelledby="${id}-title"></div>
</section>`;

export function usagePage() {
  const body = html`<header class="bar"><h1>Usage</h1><a href="/dashboard">Streams</a></header>
<main>
  <p id="announcer" class="visually-hidden" role="status" aria-live="polite"></p>
  <p id="error" class="error" role="alert" hidden></p>
  <p id="signed-out" hidden>Sign in on the <a href="/dashboard">dashboard</a> first; this page uses the same key.</p>
  <form id="usage-form">
    <div class="field"><label for="usage-from">From (UTC)</label><input id="usage-from" name="from" type="date" required></div>
    <div class="field"><label for="usage-to">To (UTC, exclusive)</label><input id="usage-to" name="to" type="date" required></div>
    <div class="field"><label for="usage-granularity">Per</label>
      <select id="usage-granularity" name="granularity"><option value="hour">Hour</option><option value="day" selected>Day</option></select></div>
    <button type="submit">Show</button>
  </form>
  ${chart("chart-minutes", "Delivered minutes")}
  ${chart("chart-gigabytes", "Egress (GB)")}
  ${chart("chart-tiers", "Delivered minutes by resolution tier")}
  <section aria-labelledby="top-media-title">
    <h2 id="top-media-title">Top media</h2>
    <table id="top-media">
      <thead><tr><th scope="col">Media</th><th scope="col">Delivered minutes</th><th scope="col">Egress (GB)</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
</main>`;
  return layout("Tributary usage", body, ["/assets/uPlot.iife.min.js", "/assets/usage.js"], ["/assets/uPlot.min.css"]);
}
