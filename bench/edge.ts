/**
 * Edge benchmark: the Node edge serving manifests (token verify + rewrite) and segments (edge cache),
 * beside nginx serving the same files statically, each under load from a second process (wrk on
 * loopback). Prints a table; `runEdgeBench()` returns its rows. `BENCH_SECONDS` sets each run's length,
 * `BENCH_RUNS` how many times each row is measured (edge and nginx alternate; rows report medians).
 * Targets (ARCHITECTURE "edge"): ≥ 20,000 manifest req/s per core, p99 added ≤ 2 ms, segments ≥ 0.8 × nginx.
 *
 * Both servers are single-threaded (one event loop, one nginx worker) on a machine whose cores are
 * shared with wrk and whatever else runs, so wall-clock req/s says as much about the neighbours as about
 * the server. Each row therefore also counts the CPU time the server itself spent (the edge's
 * `process.cpuUsage()`, the nginx worker's utime + stime from /proc): requests per CPU-second is the
 * "per core" figure, comparable between the two whatever else the machine was doing.
 */
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "#core/clock.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { staticPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey, publicJwks, rotateKeyring } from "#core/tokens/signing-keys.ts";
import { createEdgeApp } from "#edge/app.ts";
import { MemoryLruCache } from "#edge/cache/memory-lru-cache.ts";
import { nodeViewer, startNodeEdge } from "#edge/runtime/node.ts";
import { MULTIVARIANT } from "#edge/testing/seed-media.ts";
import { freePort } from "./support/free-port.ts";

export interface EdgeBenchRow {
  server: "edge (Node)" | "nginx static";
  request: "manifest" | "segment 1 MiB";
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  megabytesPerSecond: number;
  /** Requests served per second of the server's own CPU time (user + system). */
  requestsPerCpuSecond: number;
}

type LoadResult = Omit<EdgeBenchRow, "server" | "request" | "requestsPerCpuSecond"> & { requests: number };

const SEGMENT = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) % 256);


function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${out}`))));
  });
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === "us" ? n / 1000 : unit === "s" ? n * 1000 : n;
}

function toMegabytes(value: string, unit: string): number {
  const n = Number(value);
  return unit === "GB" ? n * 1024 : unit === "KB" ? n / 1024 : unit === "B" ? n / 1024 / 1024 : n;
}

/** Runs wrk (one thread, a second process) against `url` and parses its report. */
async function load(url: string, seconds: number, connections: number): Promise<LoadResult> {
  const probe = await fetch(url);
  if (!probe.ok) throw new Error(`${url} answered ${probe.status}: ${await probe.text()}`);
  await probe.arrayBuffer();
  const out = await run("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", url]);
  const latency = (p: string) => {
    const match = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    return match ? toMs(match[1] ?? "0", match[2] ?? "ms") : NaN;
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const requests = /(\d+) requests in/.exec(out);
  const transfer = /Transfer\/sec:\s+([\d.]+)(GB|MB|KB|B)/.exec(out);
  if (/Non-2xx/.test(out)) throw new Error(`non-2xx answers from ${url}:\n${out}`);
  return {
    requestsPerSecond: Math.round(Number(rps?.[1] ?? 0)),
    p50Ms: latency("50"),
    p99Ms: latency("99"),
    megabytesPerSecond: Math.round(toMegabytes(transfer?.[1] ?? "0", transfer?.[2] ?? "MB") * 10) / 10,
    requests: Number(requests?.[1] ?? 0),
  };
}

/** CPU seconds a process tree's workers have used so far: the nginx master's children, from /proc. */
async function childrenCpuSeconds(pid: number): Promise<number> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8")).trim().split(/\s+/).filter(Boolean);
  let ticks = 0;
  for (const child of children) {
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
    const stat = await readFile(`/proc/${child}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ; 100 on every Linux this runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Runs `load` while counting the CPU time `cpuSeconds` reports for the server under test. */
async function measure(url: string, seconds: number, connections: number, cpuSeconds: () => Promise<number>): Promise<Omit<EdgeBenchRow, "server" | "request">> {
  const before = await cpuSeconds();
  const { requests, ...result } = await load(url, seconds, connections);
  const used = (await cpuSeconds()) - before;
  return { ...result, requestsPerCpuSecond: used > 0 ? Math.round(requests / used) : NaN };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** One row from several runs: the median of every figure, each taken on its own. */
function medianRow(server: EdgeBenchRow["server"], request: EdgeBenchRow["request"], runs: Omit<EdgeBenchRow, "server" | "request">[]): EdgeBenchRow {
  const of = (pick: (run: Omit<EdgeBenchRow, "server" | "request">) => number) => median(runs.map(pick));
  return {
    server,
    request,
    requestsPerSecond: of((r) => r.requestsPerSecond),
    p50Ms: of((r) => r.p50Ms),
    p99Ms: of((r) => r.p99Ms),
    megabytesPerSecond: of((r) => r.megabytesPerSecond),
    requestsPerCpuSecond: of((r) => r.requestsPerCpuSecond),
  };
}

async function startNginx(root: string, www: string, port: number): Promise<{ pid: number; stop: () => Promise<void> }> {
  const conf = `daemon off;
worker_processes 1;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${root}/tmp-body; proxy_temp_path ${root}/tmp-proxy; fastcgi_temp_path ${root}/tmp-fcgi;
  uwsgi_temp_path ${root}/tmp-uwsgi; scgi_temp_path ${root}/tmp-scgi;
  types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; }
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  server { listen 127.0.0.1:${port}; root ${www}; }
}
`;
  await writeFile(join(root, "nginx.conf"), conf);
  const child = spawn("nginx", ["-p", root, "-e", join(root, "error.log"), "-c", join(root, "nginx.conf")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await fetch(`http://127.0.0.1:${port}/media1/master.m3u8`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill("SIGQUIT");
      await exited;
    },
  };
}

export async function runEdgeBench(seconds = Number(process.env["BENCH_SECONDS"] ?? 10), runs = Number(process.env["BENCH_RUNS"] ?? 3)): Promise<EdgeBenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), "tributary-edge-bench-"));
  // nginx workers may run as another user (nobody, when started by root): the files must be world-readable.
  await chmod(root, 0o755);
  const www = join(root, "www");
  await mkdir(join(www, "media1", "720p"), { recursive: true });
  await writeFile(join(www, "media1", "master.m3u8"), MULTIVARIANT);
  await writeFile(join(www, "media1", "720p", "0.m4s"), SEGMENT);

  const keyring = await rotateKeyring(undefined, "ES256", new Date());
  const store = new MemoryObjectStore();
  await store.put("media/media1/master.m3u8", MULTIVARIANT, { contentType: "application/vnd.apple.mpegurl" });
  await store.put("media/media1/720p/0.m4s", SEGMENT, { contentType: "video/iso.segment" });
  const app = createEdgeApp({
    store,
    keys: staticPlaybackKeys(publicJwks(keyring.keys)),
    clock: systemClock,
    usage: { record: () => {}, flush: async () => {} },
    viewer: nodeViewer(false),
    cache: new MemoryLruCache({ maxBytes: 64 * 1024 * 1024, clock: systemClock }),
  });
  const edge = await startNodeEdge(app, { host: "127.0.0.1", port: 0 });
  const nginxPort = await freePort();
  const nginxServer = await startNginx(root, www, nginxPort);
  const token = await signPlaybackToken(activeKey(keyring), { mediaId: "media1", expiresAt: Math.floor(Date.now() / 1000) + 3600, caps: { maxHeight: 720 } });
  const nginx = `http://127.0.0.1:${nginxPort}`;
  const edgeCpu = async () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const nginxCpu = () => childrenCpuSeconds(nginxServer.pid);
  const rows: EdgeBenchRow[] = [];
  try {
    for (const [request, connections, edgePath, nginxPath] of [
      ["manifest", 50, "media1/master.m3u8", "media1/master.m3u8"],
      ["segment 1 MiB", 16, "media1/720p/0.m4s", "media1/720p/0.m4s"],
    ] as const) {
      // A short unmeasured run first, so the edge's numbers are of JIT-compiled code and a warm cache.
      await load(`${edge.url}/p/${token}/${edgePath}`, 1, connections);
      const edgeRuns = [];
      const nginxRuns = [];
      // Alternate, so a burst of load from elsewhere on the machine hits both servers alike.
      for (let run = 0; run < runs; run++) {
        edgeRuns.push(await measure(`${edge.url}/p/${token}/${edgePath}`, seconds, connections, edgeCpu));
        nginxRuns.push(await measure(`${nginx}/${nginxPath}`, seconds, connections, nginxCpu));
      }
      rows.push(medianRow("edge (Node)", request, edgeRuns), medianRow("nginx static", request, nginxRuns));
    }
  } finally {
    await nginxServer.stop();
    await edge.close();
    await rm(root, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runEdgeBench();
  console.table(rows);
  const [edgeManifest, nginxManifest, edgeSegment, nginxSegment] = rows;
  if (edgeManifest && nginxManifest && edgeSegment && nginxSegment) {
    console.log(
      `manifest: ${edgeManifest.requestsPerCpuSecond} req per CPU-second (target ≥ 20,000); p99 added vs nginx ${(edgeManifest.p99Ms - nginxManifest.p99Ms).toFixed(2)} ms (target ≤ 2)`,
    );
    console.log(
      `segments: ${(edgeSegment.megabytesPerSecond / nginxSegment.megabytesPerSecond).toFixed(2)} × nginx wall-clock throughput, ${(edgeSegment.requestsPerCpuSecond / nginxSegment.requestsPerCpuSecond).toFixed(2)} × nginx per CPU-second (target ≥ 0.8)`,
    );
  }
}
