/**
 * A generated day of usage for one mid-size tenant, written as the sinks write it: gzip NDJSON
 * batches of at most 10,000 records per instance under `usage/<source>/yyyy/mm/dd/hh/`, each record
 * `JSON.stringify`'d with undefined fields left out. Mostly edge deliveries (segments, parts,
 * manifests, with CMCD on most), plus relay ingest/transcode intervals; a seeded generator makes the
 * same day every run.
 */
import { gzipSync } from "node:zlib";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";

export const BENCH_DAY = new Date("2026-12-03T00:00:00.000Z");
const BATCH = 10_000;
const EDGE_INSTANCES = ["edge-a", "edge-b", "edge-c"];
const RENDITIONS = [
  { rendition: "1080p", tier: "HD", bytes: 1_500_000 },
  { rendition: "720p", tier: "HD", bytes: 800_000 },
  { rendition: "480p", tier: "SD", bytes: 350_000 },
  { rendition: "2160p", tier: "UHD", bytes: 4_000_000 },
] as const;
const COUNTRIES = ["US", "DE", "GB", "FR", "BR", "IN", "JP", "CA"];

/** Mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID-shaped id: 10 characters of time, 16 of (seeded) randomness, as the writers mint them. */
function ulid(next: () => number, at: number): string {
  let time = "";
  for (let t = at, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = (CROCKFORD[t % 32] ?? "0") + time;
  let rest = "";
  for (let i = 0; i < 16; i++) rest += CROCKFORD[Math.floor(next() * 32)] ?? "0";
  return time + rest;
}

function edgeRecord(next: () => number, at: number): UsageRecord {
  const r = next();
  const rendition = RENDITIONS[Math.floor(next() * RENDITIONS.length)] ?? RENDITIONS[0];
  const media = Math.floor(next() ** 2 * 400);
  const kind = r < 0.6 ? "segment" : r < 0.9 ? "part" : "manifest";
  const session = `s${Math.floor(next() * 50_000).toString(36)}`;
  const bytes = kind === "manifest" ? 600 + Math.floor(next() * 2000) : Math.floor(rendition.bytes * (kind === "part" ? 0.17 : 1) * (0.8 + next() * 0.4));
  return {
    id: ulid(next, at),
    at: new Date(at).toISOString(),
    source: "edge",
    tenantId: "acme",
    mediaId: `media${media}`,
    kind,
    ...(kind === "manifest" ? {} : { rendition: rendition.rendition, tier: rendition.tier, mediaSeconds: kind === "part" ? 0.334 : 2 }),
    bytes,
    status: 200,
    cacheHit: next() < 0.93,
    country: COUNTRIES[Math.floor(next() * COUNTRIES.length)] ?? "US",
    sessionId: session,
    ...(next() < 0.7 ? { cmcd: { br: rendition.bytes / 250, bl: Math.floor(next() * 30_000), ot: kind === "manifest" ? "m" : "av", sid: session, cid: `media${media}`, mtp: 25_000 + Math.floor(next() * 50_000) } } : {}),
  };
}

function relayRecords(next: () => number, hourStart: number): UsageRecord[] {
  // 20 live streams, one ingest and four transcode intervals each per minute.
  const records: UsageRecord[] = [];
  for (let minute = 0; minute < 60; minute++) {
    for (let stream = 0; stream < 20; stream++) {
      const at = new Date(hourStart + minute * 60_000).toISOString();
      const base = { at, source: "relay" as const, tenantId: "acme", mediaId: `live${stream}`, streamId: `stream${stream}`, bytes: 0 };
      const time = hourStart + minute * 60_000;
      records.push({ ...base, id: ulid(next, time), kind: "ingest", mediaSeconds: 59.9 + next() * 0.2, connectedSeconds: 60 });
      for (const r of RENDITIONS) records.push({ ...base, id: ulid(next, time), kind: "transcode", rendition: r.rendition, tier: r.tier, mediaSeconds: 59.9 + next() * 0.2 });
    }
  }
  return records;
}

export interface UsageDay {
  /** Records written, all sources. */
  records: number;
  rawObjects: number;
}

/** Writes a day of `edgeRecords` edge records (spread over the hours with a daily curve) and the relay's intervals. */
export async function writeUsageDay(store: ObjectStore, edgeRecords: number): Promise<UsageDay> {
  const next = random(13);
  const weights = Array.from({ length: 24 }, (_, h) => 0.4 + Math.sin(((h - 8) / 24) * Math.PI * 2) ** 2);
  const total = weights.reduce((a, b) => a + b, 0);
  let objects = 0;
  let records = 0;
  for (let hour = 0; hour < 24; hour++) {
    const hourStart = BENCH_DAY.getTime() + hour * 3_600_000;
    const count = Math.round((edgeRecords * (weights[hour] ?? 1)) / total);
    const lines: string[][] = EDGE_INSTANCES.map(() => []);
    for (let i = 0; i < count; i++) lines[i % EDGE_INSTANCES.length]?.push(JSON.stringify(edgeRecord(next, hourStart + Math.floor((i / count) * 3_600_000))));
    for (const [index, instance] of EDGE_INSTANCES.entries()) {
      const mine = lines[index] ?? [];
      for (let start = 0; start < mine.length; start += BATCH) {
        await store.put(keys.usage("edge", new Date(hourStart), instance, start / BATCH), gzipSync(`${mine.slice(start, start + BATCH).join("\n")}\n`));
        objects += 1;
      }
    }
    const relay = relayRecords(next, hourStart).map((r) => JSON.stringify(r));
    for (let start = 0; start < relay.length; start += BATCH) {
      await store.put(keys.usage("relay", new Date(hourStart), "relay-1", start / BATCH), gzipSync(`${relay.slice(start, start + BATCH).join("\n")}\n`));
      objects += 1;
    }
    records += count + relay.length;
  }
  return { records, rawObjects: objects };
}
