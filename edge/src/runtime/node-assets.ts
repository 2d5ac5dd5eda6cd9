/**
 * Node adapter for the pages' `StaticAssets` port: player libraries read from the installed packages,
 * page scripts bundled from edge/src/pages/client/ (node-page-scripts.ts).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isPageScript, STATIC_ASSETS, type Library, type StaticAssets } from "../pages/static-assets.ts";
import { nodePageScripts } from "./node-page-scripts.ts";

const require = createRequire(import.meta.url);
const JS = { "content-type": "text/javascript; charset=utf-8" };

/** Package entry of each library; dashjs exports only its root, whose `require` entry is the UMD build. */
const SOURCES: Record<Library, string> = {
  "hls.min.js": "hls.js/dist/hls.min.js",
  "dash.all.min.js": "dashjs",
  "uPlot.iife.min.js": "uplot/dist/uPlot.iife.min.js",
  "uPlot.min.css": "uplot/dist/uPlot.min.css",
};

/** Resolves every library now, so a missing package fails at start-up; reads or bundles each file once, on first use. */
export function nodeAssets(): StaticAssets {
  const paths = new Map(Object.entries(SOURCES).map(([name, specifier]) => [name, require.resolve(specifier)]));
  const libraries = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  const pageScript = nodePageScripts();
  return {
    async get(name) {
      if (isPageScript(name)) return new Response(await pageScript(name), { headers: JS });
      const path = paths.get(name);
      if (path === undefined) return undefined;
      let body = libraries.get(name);
      if (body === undefined) {
        body = readFile(path).then((buffer) => new Uint8Array(buffer));
        libraries.set(name, body);
      }
      return new Response(await body, { headers: JS });
    },
  };
}

/** Writes every static asset `assets` has into `directory` (the Workers build); returns the names written. */
export async function writeAssets(assets: StaticAssets, directory: string): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  for (const name of STATIC_ASSETS) {
    const file = await assets.get(name);
    if (file === undefined) continue;
    await writeFile(join(directory, name), new Uint8Array(await file.arrayBuffer()));
    written.push(name);
  }
  return written;
}
