/**
 * The port the pages load their scripts through (`/assets/<name>`): the player libraries and the pages'
 * own scripts, bundled from ./client/ (`dashboard.js` from client/dashboard.ts, `player.js` from
 * client/player.ts). Each runtime brings the files:
 * - Node: `nodeAssets()` (edge/src/runtime/node-assets.ts) reads the libraries from the installed
 *   packages and bundles the page scripts with esbuild at first request, kept in memory.
 * - Workers: `workersAssets(env.ASSETS)` (edge/src/runtime/workers-assets.ts) fetches them from the
 *   `[assets]` binding, which serves edge/dist/assets/ as `node edge/scripts/build-assets.ts` (the
 *   `[build]` command in edge/wrangler.toml) wrote it from the Node adapter.
 */
export interface StaticAssets {
  /** The file called `name` (one of `STATIC_ASSETS`), or `undefined` when this runtime lacks it. */
  get(name: string): Promise<Response | undefined>;
}

/** Player libraries the watch page loads, by the file name they are served under. */
export const PLAYER_LIBRARIES = ["hls.min.js", "dash.all.min.js"] as const;
/** uPlot, the usage page's charts: its script and its stylesheet. */
export const CHART_LIBRARIES = ["uPlot.iife.min.js", "uPlot.min.css"] as const;
/** The pages' own scripts: `<name>.js` is the bundle of client/`<name>.ts`. */
export const PAGE_SCRIPTS = ["dashboard.js", "player.js", "usage.js"] as const;
export const STATIC_ASSETS = [...PLAYER_LIBRARIES, ...CHART_LIBRARIES, ...PAGE_SCRIPTS] as const;

export type PlayerLibrary = (typeof PLAYER_LIBRARIES)[number];
/** A file served as the package ships it. */
export type Library = PlayerLibrary | (typeof CHART_LIBRARIES)[number];
export type PageScript = (typeof PAGE_SCRIPTS)[number];
export type StaticAsset = (typeof STATIC_ASSETS)[number];

export function isStaticAsset(name: string): name is StaticAsset {
  return (STATIC_ASSETS as readonly string[]).includes(name);
}

export function isPageScript(name: string): name is PageScript {
  return (PAGE_SCRIPTS as readonly string[]).includes(name);
}
