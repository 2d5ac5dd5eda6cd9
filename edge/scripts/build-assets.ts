/**
 * The Workers edge's static assets: `node edge/scripts/build-assets.ts [directory]` (from the repository
 * root; edge/wrangler.toml's `[build]` command) writes the page scripts, bundled from
 * edge/src/pages/client/, and the player libraries into edge/dist/assets/, or `directory` when given,
 * for the `[assets]` binding to serve. The files are exactly what the Node edge serves.
 */
import { fileURLToPath } from "node:url";
import { nodeAssets, writeAssets } from "../src/runtime/node-assets.ts";

const directory = process.argv[2] ?? fileURLToPath(new URL("../dist/assets/", import.meta.url));
const written = await writeAssets(nodeAssets(), directory);
console.log(`wrote ${written.join(", ")} to ${directory}`);
