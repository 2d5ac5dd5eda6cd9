/** The page shell: no inline script or style, so the strict CSP holds; scripts are deferred, in order. */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export function layout(title: string, body: Html, scripts: readonly string[], stylesheets: readonly string[] = []): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title}</title>
<link rel="icon" href="data:,">
${stylesheets.map((href) => html`<link rel="stylesheet" href="${href}">\n`)}<link rel="stylesheet" href="/assets/pages.css">
${scripts.map((src) => html`<script src="${src}" defer></script>\n`)}
</head>
<body>
${body}
</body>
</html>`;
}
