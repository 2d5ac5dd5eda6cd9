/** The pages' one stylesheet, served as `/assets/pages.css` (the CSP allows no inline styles). */
export const PAGES_CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
.bar { display: flex; align-items: center; justify-content: space-between; padding: 0.5rem 1rem; border-bottom: 1px solid #8884; }
.bar h1 { font-size: 1.25rem; margin: 0; }
section { margin-block: 1.5rem; }
section:focus, h2:focus { outline: 2px solid #36c; outline-offset: 4px; }
.field { display: flex; flex-direction: column; gap: 0.25rem; margin-block: 0.75rem; max-width: 40rem; }
.field.check { flex-direction: row; align-items: center; }
.field.inline { flex-direction: row; align-items: center; gap: 0.5rem; margin: 0; }
.row { display: flex; gap: 0.5rem; }
.row input { flex: 1; font-family: ui-monospace, monospace; }
input, select, button { font: inherit; padding: 0.35rem 0.5rem; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid #36c; outline-offset: 2px; }
.help { margin: 0; font-size: 0.875rem; opacity: 0.8; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #8884; }
.status-live { color: #0a7d2c; font-weight: 600; }
.status-reconnecting { color: #a86200; font-weight: 600; }
.error { color: #b00020; font-weight: 600; }
.warning { font-weight: 600; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
#preview { width: 100%; aspect-ratio: 16 / 9; border: 0; margin-top: 1rem; }
.player { max-width: none; padding: 0; }
.player video { display: block; width: 100%; max-height: 85vh; background: #000; }
.player-bar { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: 0.5rem 1rem; }
.player .error { padding: 0 1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
[hidden] { display: none !important; }
`;
