#!/usr/bin/env node
// Builds build/Release/tributary_srt.node with node-gyp.
//   node build.mjs                 installs libsrt-openssl-dev with apt-get when root and missing, then builds
//   node build.mjs --if-available  (the npm install script) builds only when libsrt headers are present,
//                                  and never fails the surrounding `npm install`
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ifAvailable = process.argv.includes("--if-available");

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: here, stdio: "inherit", ...options }).status === 0;
}

function hasLibsrt() {
  const pkgConfig = spawnSync("pkg-config", ["--exists", "srt", "libcrypto"]);
  return pkgConfig.status === 0 && existsSync("/usr/include/srt/srt.h");
}

/** node-gyp: the one npm passes to install scripts, else the one bundled with the npm on PATH. */
function nodeGypPath() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  const npm = spawnSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).stdout.trim();
  if (npm === "") return undefined;
  const bundled = join(dirname(realpathSync(npm)), "..", "node_modules", "node-gyp", "bin", "node-gyp.js");
  return existsSync(bundled) ? bundled : undefined;
}

function npmNodedir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const value = spawnSync("npm", ["config", "get", "nodedir"], { encoding: "utf8" }).stdout?.trim() ?? "";
  return value === "" || value === "undefined" || value === "null" ? undefined : value;
}

function build() {
  if (!existsSync(join(here, "node_modules", "node-addon-api")) && !run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund"])) return false;
  const nodeGyp = nodeGypPath();
  if (nodeGyp === undefined) {
    console.error("tributary-srt: node-gyp not found; install npm (it bundles node-gyp).");
    return false;
  }
  const nodedir = npmNodedir();
  return run(process.execPath, [nodeGyp, "rebuild", ...(nodedir ? [`--nodedir=${nodedir}`] : [])]);
}

if (!hasLibsrt()) {
  if (ifAvailable) {
    console.warn("tributary-srt: libsrt headers not found, SRT ingest not built; run `node origin-relay/native/srt/build.mjs` to install and build.");
    process.exit(0);
  }
  if (process.getuid?.() === 0) {
    if (!run("apt-get", ["update"]) || !run("apt-get", ["install", "-y", "--no-install-recommends", "libsrt-openssl-dev", "pkg-config"])) process.exit(1);
  } else {
    console.error("tributary-srt: install libsrt-openssl-dev and pkg-config (e.g. `sudo apt-get install libsrt-openssl-dev pkg-config`), then run this script again.");
    process.exit(1);
  }
}

const ok = build();
if (!ok && !ifAvailable) process.exit(1);
if (!ok) console.warn("tributary-srt: native build failed; SRT ingest is unavailable until `node origin-relay/native/srt/build.mjs` succeeds.");
