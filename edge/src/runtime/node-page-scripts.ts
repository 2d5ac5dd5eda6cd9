/**
 * The pages' own scripts on Node: each `client/<name>.ts` entry bundled by esbuild into one classic
 * script for browsers, at first request, then kept in memory. edge/scripts/build-assets.ts writes the
 * same bundles for Workers.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import type { PageScript } from "../pages/static-assets.ts";

const CLIENT = new URL("../pages/client/", import.meta.url);

/** Browsers the bundles are written for: the ones with Media Source Extensions players support. */
const TARGET = ["chrome109", "edge109", "firefox115", "safari15"];

/** One page script's bundle: an IIFE (the pages load classic deferred scripts), minified. */
export async function bundlePageScript(name: PageScript): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(name.replace(/\.js$/, ".ts"), CLIENT))],
    tsconfig: fileURLToPath(new URL("tsconfig.json", CLIENT)),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: TARGET,
    minify: true,
    legalComments: "none",
    charset: "utf8",
    write: false,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new TypeError(`esbuild wrote nothing for ${name}`);
  return output.text;
}

/** Bundles each script once, on first use; a failed bundle is retried on the next request. */
export function nodePageScripts(): (name: PageScript) => Promise<string> {
  const bundles = new Map<PageScript, Promise<string>>();
  return (name) => {
    let bundle = bundles.get(name);
    if (bundle === undefined) {
      bundle = bundlePageScript(name);
      bundle.catch(() => bundles.delete(name));
      bundles.set(name, bundle);
    }
    return bundle;
  };
}
