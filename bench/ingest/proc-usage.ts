/**
 * CPU and memory of a process tree from /proc (Linux only): a server's own process plus every
 * descendant (the relay's ffmpeg children, nginx's workers), sampled on an interval so children that
 * start mid-run are counted from their first tick.
 */
import { readdir, readFile } from "node:fs/promises";

/** A ladder encoder writes its renditions to pipe:3 and up (stdin/stdout/stderr are 0-2). */
const LADDER_OUTPUT = /^pipe:([3-9]|[1-9]\d+)$/;

/** USER_HZ: /proc/<pid>/stat counts utime and stime in these ticks (100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in ticks. */
  ticks: number;
  command: string;
}

async function readStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  // proc(5): "pid (comm) state ppid ..."; comm may contain spaces and parentheses, so split after the last ')'.
  const close = text.lastIndexOf(")");
  const fields = text.slice(close + 2).split(" ");
  // Fields after comm start at field 3 (state): ppid is field 4, utime 14, stime 15.
  return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), command: text.slice(text.indexOf("(") + 1, close) };
}

async function rssKilobytes(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/**
 * Proportional set size (proc(5) /proc/<pid>/smaps_rollup `Pss`): each shared page split between the
 * processes mapping it, so a sum over processes running one binary (three Node processes) counts its
 * pages once, where the VmRSS sum counts them per process.
 */
async function pssKilobytes(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => "");
  const match = /^Pss:\s+(\d+)\s+kB/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/** The `roots` and all their descendants alive now. */
export async function processTree(roots: readonly number[]): Promise<ProcStat[]> {
  const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = (await Promise.all(pids.map(readStat))).filter((s): s is ProcStat => s !== undefined);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const tree = stats.filter((s) => roots.includes(s.pid));
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]?.pid ?? -1) ?? []));
  return tree;
}

/** The argv of a live process, split on NULs. */
export async function commandLine(pid: number): Promise<string[]> {
  const text = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return text.split("\0").filter((arg) => arg !== "");
}

/** Bytes a process has read through read(2) and friends (`rchar` in proc(5) /proc/<pid>/io). */
async function bytesRead(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/io`, "utf8").catch(() => "");
  const match = /^rchar:\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : 0;
}

export interface TreeUsage {
  /** CPU seconds the tree spent between `start()` and `stop()`. */
  cpuSeconds: number;
  wallSeconds: number;
  /** CPU time over wall time: 1.0 = one full core. */
  cores: number;
  /** Largest sum of VmRSS over the tree seen in any sample, MB. */
  peakRssMb: number;
  /** Mean of the per-sample RSS sums, MB. */
  meanRssMb: number;
  /** Largest sum of PSS over the tree seen in any sample, MB (shared pages counted once). */
  peakPssMb: number;
  samples: number;
  /** The part of `cpuSeconds` spent in ffmpeg processes. */
  ffmpegCpuSeconds: number;
  /**
   * Bytes the tree's ladder ffmpeg processes (fMP4 out on pipe:3 and up) read in the window: their input,
   * so media progress at a known byte rate. Other ffmpeg children (thumbnails) count for CPU only.
   */
  ffmpegBytesRead: number;
}

/**
 * Samples the trees under `roots` every `intervalMs` between `start()` and `stop()`. A process alive at
 * `start()` counts from its ticks then; one born later counts from zero. Ticks of a child that exits
 * between samples after its last sample are lost (at most one interval of it).
 */
export function treeSampler(roots: readonly number[], intervalMs = 500): { start(): Promise<void>; stop(): Promise<TreeUsage> } {
  const base = new Map<number, number>();
  const last = new Map<number, number>();
  const ffmpegPids = new Set<number>();
  const rss: number[] = [];
  const pss: number[] = [];
  const readBase = new Map<number, number>();
  const readLast = new Map<number, number>();
  let startedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let sampling: Promise<void> = Promise.resolve();

  // Media progress comes from ladder encoders only: a thumbnail extractor (one segment in, a JPEG out)
  // reads bytes that are not source media, and counting them would inflate the media seconds.
  const ladders = new Map<number, boolean>();
  const isLadder = async (pid: number) => {
    let ladder = ladders.get(pid);
    if (ladder === undefined) ladders.set(pid, (ladder = (await commandLine(pid)).some((arg) => LADDER_OUTPUT.test(arg))));
    return ladder;
  };

  const sample = async (first: boolean) => {
    const tree = await processTree(roots);
    for (const proc of tree) {
      if (first) base.set(proc.pid, proc.ticks);
      else if (!base.has(proc.pid)) base.set(proc.pid, 0);
      last.set(proc.pid, proc.ticks);
      if (proc.command !== "ffmpeg") continue;
      ffmpegPids.add(proc.pid);
      if (!(await isLadder(proc.pid))) continue;
      const read = await bytesRead(proc.pid);
      if (first) readBase.set(proc.pid, read);
      else if (!readBase.has(proc.pid)) readBase.set(proc.pid, 0);
      readLast.set(proc.pid, read);
    }
    const sumMb = (kilobytes: number[]) => kilobytes.reduce((a, b) => a + b, 0) / 1024;
    rss.push(sumMb(await Promise.all(tree.map((p) => rssKilobytes(p.pid)))));
    pss.push(sumMb(await Promise.all(tree.map((p) => pssKilobytes(p.pid)))));
  };

  return {
    async start() {
      startedAt = performance.now();
      await sample(true);
      timer = setInterval(() => {
        sampling = sampling.then(() => sample(false));
      }, intervalMs);
    },
    async stop() {
      clearInterval(timer);
      await sampling;
      await sample(false);
      const wallSeconds = (performance.now() - startedAt) / 1000;
      let ticks = 0;
      let ffmpegTicks = 0;
      for (const [pid, end] of last) {
        ticks += end - (base.get(pid) ?? 0);
        if (ffmpegPids.has(pid)) ffmpegTicks += end - (base.get(pid) ?? 0);
      }
      const cpuSeconds = ticks / TICKS_PER_SECOND;
      let ffmpegBytesRead = 0;
      for (const [pid, end] of readLast) ffmpegBytesRead += end - (readBase.get(pid) ?? 0);
      return {
        cpuSeconds,
        wallSeconds,
        cores: cpuSeconds / wallSeconds,
        peakRssMb: Math.max(0, ...rss),
        meanRssMb: rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length),
        peakPssMb: Math.max(0, ...pss),
        samples: rss.length,
        ffmpegBytesRead,
        ffmpegCpuSeconds: ffmpegTicks / TICKS_PER_SECOND,
      };
    },
  };
}
