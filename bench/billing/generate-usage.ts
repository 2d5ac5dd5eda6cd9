/**
 * Worker for the billing bench: writes its share of a busy day's edge usage records as gzip NDJSON
 * objects in a filesystem store, in the sink's key layout (`usage/edge/<yyyy>/<mm>/<dd>/<hh>/…`).
 * Records are built from templates (not JSON.stringify) and compressed at level 1 so 10 M of them
 * take seconds, not minutes; every field the edge writes is there, with unique ids.
 */
import { parentPort, workerData } from "node:worker_threads";
import { gzipSync } from "node:zlib";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { keys } from "#core/storage/keys.ts";

export interface GenerateJob {
  root: string;
  tenantId: string;
  /** Start of the day, epoch ms. */
  dayStart: number;
  /** The files this worker writes: `[hour, fileIndex]`. */
  files: readonly (readonly [number, number])[];
  recordsPerFile: number;
}

const RENDITIONS = [["360p", "SD", 600_000], ["720p", "HD", 1_400_000], ["1080p", "HD", 2_600_000], ["2160p", "UHD", 8_000_000]] as const;
const COUNTRIES = ["US", "DE", "GB", "FR", "BR", "IN", "JP", "CA"];

function line(job: GenerateJob, hour: number, file: number, i: number): string {
  const at = new Date(job.dayStart + hour * 3_600_000 + Math.floor((i / job.recordsPerFile) * 3_600_000)).toISOString();
  const n = file * job.recordsPerFile + i;
  const media = `media${n % 2_000}`;
  const session = `s${(n * 7919) % 250_000}`;
  const country = COUNTRIES[n % COUNTRIES.length];
  const id = `e${hour.toString(36)}${file.toString(36).padStart(2, "0")}-${i.toString(36).padStart(5, "0")}`;
  if (n % 20 === 0) {
    return `{"id":"${id}","at":"${at}","source":"edge","tenantId":"${job.tenantId}","mediaId":"${media}","kind":"manifest","rendition":"720p","bytes":${900 + (n % 400)},"status":200,"cacheHit":false,"country":"${country}","sessionId":"${session}"}`;
  }
  const [rendition, tier, bitrate] = RENDITIONS[n % 4] as (typeof RENDITIONS)[number];
  const part = n % 10 === 1;
  const seconds = part ? 0.334 : 2.002;
  const bytes = Math.round((bitrate / 8) * seconds) + (n % 997);
  return `{"id":"${id}","at":"${at}","source":"edge","tenantId":"${job.tenantId}","mediaId":"${media}","kind":"${part ? "part" : "segment"}","rendition":"${rendition}","tier":"${tier}","bytes":${bytes},"mediaSeconds":${seconds},"status":200,"cacheHit":${n % 3 !== 0},"country":"${country}","sessionId":"${session}","cmcd":{"br":${bitrate / 1000},"ot":"v","sf":"h","sid":"${session}"}}`;
}

async function run(job: GenerateJob): Promise<number> {
  const store = new FsObjectStore({ root: job.root, durable: false });
  let bytes = 0;
  for (const [hour, file] of job.files) {
    const lines: string[] = new Array<string>(job.recordsPerFile);
    for (let i = 0; i < job.recordsPerFile; i++) lines[i] = line(job, hour, file, i);
    const body = gzipSync(`${lines.join("\n")}\n`, { level: 1 });
    bytes += body.byteLength;
    await store.put(keys.usage("edge", new Date(job.dayStart + hour * 3_600_000), `bench${file}`, 0), body, { contentType: "application/x-ndjson", ifNoneMatch: "*" });
  }
  return bytes;
}

parentPort?.postMessage(await run(workerData as GenerateJob));
