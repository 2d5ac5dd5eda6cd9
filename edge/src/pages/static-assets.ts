/**
 * The port the pages serve player libraries through (`/assets/hls.min.js`, `/assets/dash.all.min.js`).
 * The edge cannot read `node_modules` on Workers, so each runtime brings the files:
 * - Node: `nodeAssets()` (edge/src/runtime/node-assets.ts) reads them from the installed packages.
 * - Workers: copy `hls.js/dist/hls.min.js` and `dashjs/dist/modern/umd/dash.all.min.js` into
 *   `edge/public/vendor/` at build time, declare `[assets] directory = "public"` with
 *   `binding = "ASSETS"` in wrangler.toml, and pass
 *   `{ get: async (name) => { const r = await env.ASSETS.fetch(new Request("https://assets/vendor/" + name)); return r.ok ? r : undefined; } }`.
 */
export interface StaticAssets {
  /** The file called `name` (one of `PLAYER_LIBRARIES`), or `undefined` when this runtime lacks it. */
  get(name: string): Promise<Response | undefined>;
}

/** Player libraries the pages load, by the file name they are served under. */
export const PLAYER_LIBRARIES = ["hls.min.js", "dash.all.min.js"] as const;
export type PlayerLibrary = (typeof PLAYER_LIBRARIES)[number];

export function isPlayerLibrary(name: string): name is PlayerLibrary {
  return (PLAYER_LIBRARIES as readonly string[]).includes(name);
}
