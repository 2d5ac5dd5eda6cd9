/**
 * Key-delivery benchmark: the Node edge answering `/k/<token>/<mediaId>/<kid>` (token verification,
 * access rules, the sealed key opened with AES-256-GCM) under load from a second process (autocannon).
 * Rows: one token reused (verification cached, as one viewer's player asks for each rotation's key), a
 * fresh token on every request (a full ES256 verification each), and ClearKey license POSTs. Each row
 * also counts the edge's own CPU time, so "requests per CPU-second" is the per-core figure whatever
 * else shares the machine. `BENCH_SECONDS` sets each run's length.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { systemClock } from "#core/clock.ts";
import { base64url } from "#core/crypto/bytes.ts";
import { kidHex } from "#core/drm/content-key.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import { localKeyProvider } from "#core/drm/local-key-provider.ts";
import { importMasterKey } from "#core/drm/master-key.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { staticPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey, publicJwks, rotateKeyring } from "#core/tokens/signing-keys.ts";
import { createEdgeApp } from "#edge/app.ts";
import { nodeViewer, startNodeEdge } from "#edge/runtime/node.ts";
import type { LoadConfig, LoadReport } from "./support/autocannon-load.ts";

export interface KeyBenchRow {
  request: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests served per second of the edge's own CPU time (user + system). */
  requestsPerCpuSecond: number;
}

/** More distinct tokens than the edge's verified-token cache holds (10,000), so every request verifies. */
const FRESH_TOKENS = 12_000;
const LOADER = fileURLToPath(new URL("./support/autocannon-load.ts", import.meta.url));

function runLoad(configFile: string): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOADER, configFile], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as LoadReport) : reject(new Error(`load exited ${code}`))));
  });
}

export async function runKeysBench(seconds = Number(process.env["BENCH_SECONDS"] ?? 10)): Promise<KeyBenchRow[]> {
  const ring = await rotateKeyring(undefined, "ES256", new Date());
  const store = new MemoryObjectStore();
  const keys = new ContentKeyStore(store, await importMasterKey("bench-master-secret-0123456789abcdefghij"), systemClock);
  const key = await keys.periodKey({ tenantId: "local", mediaId: "media1", scheme: "aes-128", period: 0 }, localKeyProvider());
  const app = createEdgeApp({ store, keys: staticPlaybackKeys(publicJwks(ring.keys)), clock: systemClock, viewer: nodeViewer(false), contentKeys: keys });
  const server = await startNodeEdge(app, { host: "127.0.0.1", port: 0 });
  const dir = await mkdtemp(join(tmpdir(), "tributary-key-bench-"));
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const sign = () => signPlaybackToken(activeKey(ring), { mediaId: "media1", expiresAt });
  const keyPath = (token: string) => `/k/${token}/media1/${kidHex(key.kid)}`;
  const fresh: string[] = [];
  for (let i = 0; i < FRESH_TOKENS; i++) fresh.push(keyPath(await sign()));
  const one = await sign();
  const cases: { request: string; load: Omit<LoadConfig, "origin" | "seconds" | "connections"> }[] = [
    { request: "raw key, token reused (verification cached)", load: { paths: [keyPath(one)], method: "GET" } },
    { request: "raw key, fresh token per request (ES256 verify)", load: { paths: fresh, method: "GET" } },
    { request: "ClearKey license POST, token reused", load: { paths: [`/k/${one}/media1/license`], method: "POST", body: JSON.stringify({ kids: [base64url(key.kid)], type: "temporary" }) } },
  ];
  const rows: KeyBenchRow[] = [];
  try {
    for (const [i, c] of cases.entries()) {
      const file = join(dir, `load-${i}.json`);
      await writeFile(file, JSON.stringify({ ...c.load, origin: server.url, seconds, connections: 32 } satisfies LoadConfig));
      const cpuBefore = process.cpuUsage();
      const report = await runLoad(file);
      const cpu = process.cpuUsage(cpuBefore);
      if (report.non2xx > 0) throw new Error(`${c.request}: ${report.non2xx} answers were not 2xx`);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      rows.push({ request: c.request, requestsPerSecond: report.requestsPerSecond, p50Ms: report.p50Ms, p99Ms: report.p99Ms, requestsPerCpuSecond: (report.requestsPerSecond * seconds) / cpuSeconds });
    }
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
