/**
 * hls.js and dash.js as the watch page loads them: each library's own UMD build in its own `<script>`
 * (`/assets/hls.min.js`, `/assets/dash.all.min.js`) ahead of the player script, so a page downloads only
 * the one it plays with. Only their types are imported here.
 */
import type Hls from "hls.js";
import type * as DashJs from "dashjs";

interface PlayerGlobals {
  Hls?: typeof Hls;
  dashjs?: typeof DashJs;
}

const globals = globalThis as PlayerGlobals;

export const hlsLibrary = (): typeof Hls | undefined => globals.Hls;
export const dashLibrary = (): typeof DashJs | undefined => globals.dashjs;
