/** Bundles a Worker entry with esbuild as wrangler would (ESM, workerd conditions), for miniflare in tests. */
import { build } from "esbuild";

/** The bundled module's source. `entry` is a file URL, e.g. `new URL("./workers.ts", import.meta.url)`. */
export async function bundleWorker(entry: URL): Promise<string> {
  const bundle = await build({
    entryPoints: [decodeURIComponent(entry.pathname)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["browser", "module", "main"],
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return bundle.outputFiles[0]?.text ?? "";
}
