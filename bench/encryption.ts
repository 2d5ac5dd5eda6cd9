/**
 * Encryption overhead: CPU per passthrough stream with `cenc` (and `cbcs`) against `none`, in one run.
 * Encryption is not wired into live streams yet, so this measures the packager path directly, in this
 * process, on the ingest bench's source (720p30 3 Mb/s H.264 + AAC FLV): FLV demux → in-process CMAF
 * remux → segmenter → package writer into a memory store, the same steps and inputs for every mode.
 * With encryption, every event goes through the packager's protection stage (MediaProtection: keys
 * from a sealed key store, one encryptor per rendition, each LL-HLS part encrypted once and a segment
 * made of its encrypted parts), as it will for a live stream. The modes run interleaved, best of N rounds.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ManualClock } from "#core/clock.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { FlvDemuxer } from "#relay/demux/flv-demuxer.ts";
import { PackageWriter } from "#transcoder/cmaf/package-writer.ts";
import type { SegmenterEvent } from "#transcoder/cmaf/types.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import { localKeyProvider } from "#core/drm/local-key-provider.ts";
import { importMasterKey } from "#core/drm/master-key.ts";
import { MediaProtection } from "#transcoder/encryption/media-protection.ts";
import { RemuxPipeline } from "#transcoder/remux/remux-pipeline.ts";
import { ensureSourceFile, SOURCE } from "./ingest/source-file.ts";
import { markdownTable } from "./table.ts";

type Mode = "none" | "cenc" | "cbcs";

export interface EncryptionBenchRow {
  mode: Mode;
  /** CPU (user + system) per second of media, milliseconds: also % of one core ×10 for a real-time stream. */
  cpuMsPerMediaSecond: number;
  /** % of one core a real-time stream of this source costs on this path. */
  corePercentPerStream: number;
  /** Against `none` in the same run. */
  overheadPercent: number | undefined;
}

export interface EncryptionBenchResult {
  rows: EncryptionBenchRow[];
  verdicts: string[];
}

const TARGET_OVERHEAD_PERCENT = 10;

/** A sink that protects what it is handed (unless `mode` is none) and writes it to storage; parts reach no origin here but are encrypted all the same. */
async function encryptingSink(writer: PackageWriter, store: MemoryObjectStore, mode: Mode) {
  if (mode === "none") return { handle: (rendition: string, event: SegmenterEvent) => writer.handle(rendition, event) };
  const keys = new ContentKeyStore(store, await importMasterKey("bench-master-key-".padEnd(40, "x")), new ManualClock());
  const protection = new MediaProtection({ scheme: mode, tenantId: "bench", mediaId: "bench", keys, provider: localKeyProvider() });
  return { handle: async (rendition: string, event: SegmenterEvent) => writer.handle(rendition, await protection.protect(rendition, event)) };
}

/** One packaging of the whole source in `mode`; CPU milliseconds it took. */
async function packageOnce(flv: Uint8Array, mode: Mode): Promise<number> {
  const store = new MemoryObjectStore();
  const writer = new PackageWriter({
    store,
    mediaId: "bench",
    clock: new ManualClock(),
    targetDuration: 2,
    renditions: [{ name: "source", kind: "video", bandwidth: SOURCE.videoBitrate, frameRate: SOURCE.fps }, { name: "audio", kind: "audio", bandwidth: 128_000 }],
  });
  // The master key is imported once per process in a relay, so it is not counted here.
  const sink = await encryptingSink(writer, store, mode);
  const start = process.cpuUsage();
  const pipeline = new RemuxPipeline({ renditions: { video: "source", audio: "audio" }, sinks: [sink], segmentDuration: 2, partDuration: 0.333 });
  for (const input of new FlvDemuxer().push(flv)) pipeline.push(input);
  await pipeline.end();
  await writer.finish();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export interface EncryptionBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
  /** The whole platform's passthrough CPU per stream (% of one core) from the ingest bench of the same run, to put the added CPU against. */
  platformCpuPercentPerStream?: number;
}

export async function runEncryptionBench(options: EncryptionBenchOptions = {}): Promise<EncryptionBenchResult> {
  const log = options.log ?? (() => {});
  const file = await ensureSourceFile(fileURLToPath(new URL("./results/cache/source-720p30-3mbps.flv", import.meta.url)));
  const flv = new Uint8Array(await readFile(file));
  const rounds = options.quick ? 3 : 7;
  const modes: Mode[] = ["none", "cenc", "cbcs"];
  const best = new Map<Mode, number>();
  await packageOnce(flv, "cenc"); // warm-up: JIT and the cipher code paths
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 === 0 ? modes : [...modes].reverse()) {
      const ms = await packageOnce(flv, mode);
      best.set(mode, Math.min(best.get(mode) ?? Infinity, ms));
    }
    log(`encryption: round ${round + 1}/${rounds}: ${modes.map((m) => `${m} ${best.get(m)?.toFixed(0)} ms`).join(", ")}`);
  }
  const none = (best.get("none") ?? NaN) / SOURCE.seconds;
  const rows = modes.map((mode): EncryptionBenchRow => {
    const perSecond = (best.get(mode) ?? NaN) / SOURCE.seconds;
    return { mode, cpuMsPerMediaSecond: perSecond, corePercentPerStream: perSecond / 10, overheadPercent: mode === "none" ? undefined : ((perSecond - none) / none) * 100 };
  });
  const cencRow = rows.find((r) => r.mode === "cenc");
  const cenc = cencRow?.overheadPercent ?? NaN;
  const added = (cencRow?.corePercentPerStream ?? NaN) - none / 10;
  const platform = options.platformCpuPercentPerStream;
  const verdicts = [
    `cenc adds ${added.toFixed(3)} % of a core per 3 Mb/s stream (best of ${rounds}): ${cenc.toFixed(1)} % over the in-process packager path alone (${(none / 10).toFixed(3)} %).`,
    platform === undefined
      ? `Against the whole platform's passthrough CPU per stream: run with the ingest bench (npm run bench) to compare (target ≤ ${TARGET_OVERHEAD_PERCENT} %).`
      : `cenc CPU overhead per passthrough stream: ${added.toFixed(3)} % added to the platform's ${platform.toFixed(2)} % per stream (ingest bench, this run) = ${((added / platform) * 100).toFixed(1)} % (target ≤ ${TARGET_OVERHEAD_PERCENT} %): ${(added / platform) * 100 <= TARGET_OVERHEAD_PERCENT ? "met" : "NOT met"}`,
    "Measured on the packager path in process, through the protection stage a live stream will use (the relay's wiring is not on this branch): demux, remux, segmenting, key lookup, encryption and storage writes.",
  ];
  return { rows, verdicts };
}

export function formatEncryptionTable(rows: readonly EncryptionBenchRow[]): string {
  return markdownTable(["mode", "CPU ms / media s", "% core / stream", "overhead vs none"], rows.map((r) => [r.mode, r.cpuMsPerMediaSecond, r.corePercentPerStream, r.overheadPercent === undefined ? "—" : `${r.overheadPercent.toFixed(1)} %`]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runEncryptionBench({ quick: process.argv.includes("--quick"), log: (line) => console.error(line) });
  console.log(formatEncryptionTable(result.rows));
  for (const line of result.verdicts) console.log(line);
}
