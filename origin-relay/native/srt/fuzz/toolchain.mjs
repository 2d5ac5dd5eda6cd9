// Finds (or, as root on Debian, installs) what the native fuzz targets need: clang++, the libFuzzer
// and sanitizer runtimes, and the libsrt and OpenSSL headers the sources include.
// Debian's `clang` does not pull in the runtimes (libclang-common-N-dev only recommends
// libclang-rt-N-dev, which holds libclang_rt.fuzzer and the ASan/UBSan libraries).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HEADERS = [
  { path: "/usr/include/srt/access_control.h", packages: ["libsrt-openssl-dev"] },
  { path: "/usr/include/openssl/evp.h", packages: ["libssl-dev"] },
];

function clangMajor() {
  const result = spawnSync("clang++", ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return undefined;
  const match = /clang version (\d+)/.exec(result.stdout);
  return match ? Number(match[1]) : undefined;
}

/** Whether clang++ links a libFuzzer binary under ASan and UBSan. */
function linksFuzzer() {
  const dir = mkdtempSync(join(tmpdir(), "tributary-fuzz-probe-"));
  try {
    const source = join(dir, "probe.cc");
    writeFileSync(source, 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n');
    return spawnSync("clang++", ["-fsanitize=fuzzer,address,undefined", source, "-o", join(dir, "probe")], { stdio: "ignore" }).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Debian packages still missing; the runtime's name depends on clang's version, so clang comes first. */
function missingPackages() {
  const missing = HEADERS.filter((header) => !existsSync(header.path)).flatMap((header) => header.packages);
  const major = clangMajor();
  if (major === undefined) return [...missing, "clang"];
  if (!linksFuzzer()) missing.push(`libclang-rt-${major}-dev`);
  return missing;
}

function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const options = { stdio: ["ignore", "ignore", "inherit"], env };
  return spawnSync("apt-get", ["update", "-q"], options).status === 0 && spawnSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], options).status === 0;
}

/** Returns once clang++ can build the targets; exits with the packages to install when it cannot. */
export function ensureToolchain() {
  const root = process.getuid?.() === 0;
  // Two rounds at most: clang itself, then the runtime named after its version.
  for (let round = 0; round < 2; round++) {
    const missing = missingPackages();
    if (missing.length === 0) return;
    if (!root) {
      console.error(`native fuzzing needs ${missing.join(", ")}: run \`sudo apt-get install ${missing.join(" ")}\` and try again.`);
      process.exit(1);
    }
    console.error(`Installing ${missing.join(", ")} with apt-get…`);
    if (!aptInstall(missing)) break;
  }
  const still = missingPackages();
  if (still.length === 0) return;
  console.error(`native fuzzing needs ${still.join(", ")}, and apt-get could not install them.`);
  process.exit(1);
}
