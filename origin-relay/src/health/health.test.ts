import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { readIngestHealth } from "#core/records/ingest-health.ts";
import { createLogger } from "#core-node/logger.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { avcProfileLevel } from "./health-report.ts";
import { HealthMonitor } from "./health-monitor.ts";
import { IngestMeter } from "./ingest-meter.ts";
import { IngestMetrics } from "./metrics.ts";
import { healthRoutes } from "./routes.ts";

const STREAM = "01jstream0000000000000000a";

/** `seconds` of 30 fps video (5 kB frames) with a keyframe every `gop` frames, and optional AAC. */
function feed(meter: IngestMeter, clock: ManualClock, seconds: number, gop: number, audio: boolean): void {
  for (let i = 0; i < seconds * 30; i++) {
    const dtsMs = (i * 1000) / 30;
    meter.frame({ kind: "video", dtsMs, keyframe: i % gop === 0, size: 5_000 });
    if (audio && i % 2 === 0) meter.frame({ kind: "audio", dtsMs, keyframe: true, size: 400 });
    clock.advance(1000 / 30);
  }
}

describe("IngestMeter and health report", () => {
  it("measures rate, fps and keyframe interval, and warns about a 4 s GOP and missing audio", async () => {
    const clock = new ManualClock();
    const store = new MemoryObjectStore();
    const metrics = new IngestMetrics();
    const monitor = new HealthMonitor({ store, clock, log: createLogger("test", "silent"), metrics });
    const health = monitor.track(STREAM);
    health.codecs = () => ({ video: { codec: "avc1.64001f", width: 640, height: 360 } });
    feed(health.meter, clock, 10, 120, false);
    health.meter.progress({ frame: 300, fps: 30, bitrateKbps: 800, totalSize: 1, outTimeUs: 1, speed: 1.02, dupFrames: 0, dropFrames: 3, end: false });
    await monitor.tick();
    const report = monitor.report(STREAM);
    expect(report).toMatchObject({ fps: 30, keyframeIntervalSeconds: 4, bitrate: 1_200_000, lateFrames: 0, transcoder: { speed: 1.02, droppedFrames: 3 } });
    expect(report?.video).toMatchObject({ codec: "avc1.64001f", profile: "High", level: 3.1 });
    expect(report?.warnings.map((w) => w.code)).toEqual(["long_keyframe_interval", "audio_missing", "dropped_frames"]);
    const stored = await readIngestHealth(store, STREAM);
    expect(stored).toMatchObject({ streamId: STREAM, fps: 30, keyframeIntervalSeconds: 4 });
  });

  it("has no warnings for a steady 2 s GOP with audio, and counts frames that arrive late", () => {
    const clock = new ManualClock();
    const meter = new IngestMeter(clock);
    feed(meter, clock, 6, 60, true);
    clock.advance(2_000); // the network stalls: the next frame is 2 s behind its timestamp
    meter.frame({ kind: "video", dtsMs: 6_000, keyframe: true, size: 5_000 });
    const m = meter.measure();
    expect(m.keyframeIntervalSeconds).toBe(2);
    expect(m.keyframeJitterSeconds).toBe(0);
    expect(m.lateFrames).toBe(1);
  });

  it("reads profile and level from avc1 strings", () => {
    expect(avcProfileLevel("avc1.42c01e")).toEqual({ profile: "Baseline", level: 3 });
    expect(avcProfileLevel("hvc1.1.6.L93.B0")).toEqual({});
  });
});

describe("health routes and metrics", () => {
  it("serve the report and Prometheus text, and drop a stream's series when it ends", async () => {
    const clock = new ManualClock();
    const metrics = new IngestMetrics({ maxStreams: 1 });
    const monitor = new HealthMonitor({ store: new MemoryObjectStore(), clock, log: createLogger("test", "silent"), metrics });
    const other = "01jstream0000000000000000b";
    feed(monitor.track(STREAM).meter, clock, 3, 60, true);
    monitor.track(other);
    await monitor.tick();
    const app = healthRoutes({ reports: monitor, metrics });
    const ok = await app.request(`/health/${STREAM}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { streamId: string }).streamId).toBe(STREAM);
    expect((await app.request("/health/nosuchstream")).status).toBe(404);
    const text = await (await app.request("/metrics")).text();
    expect(text).toContain(`tributary_ingest_frames_per_second{stream_id="${STREAM}"} 30`);
    // maxStreams bounds the label set: the second stream gets no series.
    expect(text).not.toContain(other);
    monitor.untrack(STREAM);
    expect(await (await app.request("/metrics")).text()).not.toContain(STREAM);
  });
});
