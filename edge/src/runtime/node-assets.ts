/** Node adapter for the pages' `StaticAssets` port: player libraries read from the installed packages. */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { PlayerLibrary, StaticAssets } from "../pages/static-assets.ts";

const require = createRequire(import.meta.url);

/** Package entry of each library; dashjs exports only its root, whose `require` entry is the UMD build. */
const SOURCES: Record<PlayerLibrary, string> = {
  "hls.min.js": "hls.js/dist/hls.min.js",
  "dash.all.min.js": "dashjs",
};

/** Resolves every library now, so a missing package fails at start-up; reads each file once, on first use. */
export function nodeAssets(): StaticAssets {
  const paths = new Map(Object.entries(SOURCES).map(([name, specifier]) => [name, require.resolve(specifier)]));
  const bodies = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  return {
    async get(name) {
      const path = paths.get(name);
      if (path === undefined) return undefined;
      let body = bodies.get(name);
      if (body === undefined) {
        body = readFile(path).then((buffer) => new Uint8Array(buffer));
        bodies.set(name, body);
      }
      return new Response(await body, { headers: { "content-type": "text/javascript; charset=utf-8" } });
    },
  };
}
