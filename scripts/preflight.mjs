// Finds (or, as root on Debian, installs) what the platform needs before anything else runs.
// Plain JavaScript on purpose: it must run, and explain itself, even on an old Node.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SRT_ADDON = fileURLToPath(new URL("../origin-relay/native/srt/build/Release/tributary_srt.node", import.meta.url));
const SRT_BUILD = fileURLToPath(new URL("../origin-relay/native/srt/build.mjs", import.meta.url));

const NEEDS = {
  ffmpeg: { check: () => hasFfmpeg(), packages: ["ffmpeg"], what: "ffmpeg ≥ 5 with libx264" },
  chromium: { check: () => has("chromium", ["--version"]), packages: ["chromium"], what: "Chromium (headless player tests)" },
  gstreamer: { check: () => gstHas("rtmp2sink"), packages: ["gstreamer1.0-tools", "gstreamer1.0-plugins-base", "gstreamer1.0-plugins-good", "gstreamer1.0-plugins-bad", "gstreamer1.0-plugins-ugly"], what: "GStreamer with rtmp2sink (RTMP interop tests)" },
  srt: { check: () => has("srt-live-transmit", ["-version"]), packages: ["srt-tools"], what: "srt-tools (SRT interop tests)" },
  nginxRtmp: { check: () => has("nginx", ["-v"]) && spawnSync("sh", ["-c", "ls /usr/lib/nginx/modules/ngx_rtmp_module.so"]).status === 0, packages: ["nginx", "libnginx-mod-rtmp"], what: "nginx with the RTMP module (benchmark peer)" },
};

function has(command, args) {
  const result = spawnSync(command, args, { stdio: "ignore" });
  return !result.error;
}

function hasFfmpeg() {
  const result = spawnSync("ffmpeg", ["-hide_banner", "-encoders"], { encoding: "utf8" });
  return !result.error && result.status === 0 && result.stdout.includes("libx264");
}

function gstHas(element) {
  return spawnSync("gst-inspect-1.0", [element], { stdio: "ignore" }).status === 0;
}

function canApt() {
  return process.getuid?.() === 0 && has("apt-get", ["--version"]);
}

/** Ensures every named need; exits with one clear sentence when one cannot be met. */
export function ensure(names) {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) {
    console.error(`Tributary needs Node ≥ 22 and this is Node ${process.versions.node}: run it through npm (\`npm install\` puts Node 24 in node_modules/.bin for every npm script).`);
    process.exit(1);
  }
  ensureSrtAddon();
  const missing = names.filter((name) => !NEEDS[name].check());
  if (missing.length === 0) return;
  const packages = missing.flatMap((name) => NEEDS[name].packages);
  if (canApt()) {
    console.error(`Installing ${missing.map((name) => NEEDS[name].what).join(", ")} with apt-get…`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-q"], { stdio: ["ignore", "ignore", "inherit"], env });
    const install = update.status === 0 && spawnSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], { stdio: ["ignore", "ignore", "inherit"], env });
    const still = missing.filter((name) => !NEEDS[name].check());
    if (install && install.status === 0 && still.length === 0) return;
  }
  console.error(`Missing ${missing.map((name) => NEEDS[name].what).join(", ")}: run \`sudo apt-get install ${packages.join(" ")}\` and try again.`);
  process.exit(1);
}

/**
 * The relay's SRT listener is a libsrt addon. `npm install` builds it when libsrt's headers are there;
 * otherwise its build script installs libsrt-openssl-dev (as root) and builds it now.
 */
function ensureSrtAddon() {
  if (existsSync(SRT_ADDON)) return;
  console.error("Building the SRT ingest addon (libsrt)…");
  const build = spawnSync(process.execPath, [SRT_BUILD], { stdio: "inherit" });
  if (build.status !== 0 || !existsSync(SRT_ADDON)) {
    console.error("The SRT ingest addon could not be built: run `sudo apt-get install libsrt-openssl-dev` and `npm run build:srt`, then try again.");
    process.exit(1);
  }
}
