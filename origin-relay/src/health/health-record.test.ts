// The relay writes exactly the stored ingest-health schema: what the monitor reports is what the API
// reads back, field for field, and a key the schema does not know fails the relay's own check.
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { ingestHealthRecordSchema, ingestHealthSchema, readIngestHealth } from "#core/records/ingest-health.ts";
import { createLogger } from "#core-node/logger.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { healthReport } from "./health-report.ts";
import { HealthMonitor } from "./health-monitor.ts";
import type { IngestMeasurement } from "./ingest-meter.ts";
import { IngestMetrics } from "./metrics.ts";

const STREAM = "01jstream0000000000000000a";

const measurement: IngestMeasurement = {
  bitrate: 2_000_000, fps: 30, keyframeIntervalSeconds: 2, keyframeJitterSeconds: 0, bitratePeakRatio: 3,
  audioFrames: 100, videoFrames: 150, lateFrames: 2, droppedFrames: 4, duplicatedFrames: 1, transcoderSpeed: 0.97,
};
const codecs = { video: { codec: "avc1.4d401f", width: 1280, height: 720, frameRate: 30 }, audio: { codec: "mp4a.40.2", sampleRate: 48000, channels: 2 } };

describe("ingest health record", () => {
  it("carries profile/level, transcoder speed, drops, late frames, state and a bitrate_spike advisory", () => {
    const report = healthReport({ streamId: STREAM, measuredAt: new Date(0), state: "live", measurement, codecs });
    expect(report).toEqual({
      streamId: STREAM,
      measuredAt: "1970-01-01T00:00:00.000Z",
      state: "live",
      bitrate: 2_000_000,
      fps: 30,
      keyframeIntervalSeconds: 2,
      video: { codec: "avc1.4d401f", width: 1280, height: 720, frameRate: 30, profile: "Main", level: 3.1 },
      audio: { codec: "mp4a.40.2", sampleRate: 48000, channels: 2 },
      transcoder: { speed: 0.97, droppedFrames: 4, duplicatedFrames: 1 },
      lateFrames: 2,
      warnings: [{ code: "dropped_frames", message: "4 frames dropped by the transcoder" }],
      advisories: [{ code: "bitrate_spike", message: "busiest second carried 3× the average bit rate" }],
    });
    // What the API parses out of the stored JSON is the report, nothing dropped.
    expect(ingestHealthSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it("leaves out the transcoder speed before ffmpeg reported progress, and warns nothing while reconnecting", () => {
    const report = healthReport({ streamId: STREAM, measuredAt: new Date(0), state: "reconnecting", measurement: { ...measurement, transcoderSpeed: undefined }, codecs: {} });
    expect(report.transcoder).toEqual({ droppedFrames: 4, duplicatedFrames: 1 });
    expect(report).toMatchObject({ state: "reconnecting", warnings: [], advisories: [] });
    expect(ingestHealthSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it("advises that storage is behind while the backlog passes half the cap, in any state", () => {
    const steady = { ...measurement, bitratePeakRatio: 1, droppedFrames: 0 };
    const at = (peakBytes: number, state: "live" | "reconnecting" = "live") =>
      healthReport({ streamId: STREAM, measuredAt: new Date(0), state, measurement: steady, codecs, storage: { peakBytes, capBytes: 1024 * 1024 } }).advisories;
    expect(at(512 * 1024)).toEqual([]);
    const behind = [{ code: "storage_behind", message: "storage is behind: up to 600 KiB of packaged media waited to be stored; the publisher is paused at 1024 KiB" }];
    expect(at(600 * 1024)).toEqual(behind);
    expect(at(600 * 1024, "reconnecting")).toEqual(behind);
  });

  it("stores what the monitor reports, read back whole", async () => {
    const clock = new ManualClock();
    const store = new MemoryObjectStore();
    const monitor = new HealthMonitor({ store, clock, log: createLogger("test", "silent"), metrics: new IngestMetrics() });
    const health = monitor.track(STREAM);
    health.codecs = () => codecs;
    health.storageBacklog = () => ({ peakBytes: 700 * 1024, capBytes: 1024 * 1024 });
    for (let i = 0; i < 90; i++) {
      health.meter.frame({ kind: "video", dtsMs: (i * 1000) / 30, keyframe: i % 60 === 0, size: 5_000 });
      clock.advance(1000 / 30);
    }
    await monitor.tick();
    expect(monitor.report(STREAM)?.advisories.map((a) => a.code)).toContain("storage_behind");
    expect(await readIngestHealth(store, STREAM)).toEqual(monitor.report(STREAM));
  });

  it("rejects keys the stored schema does not know, on the writer's side only", () => {
    const report = healthReport({ streamId: STREAM, measuredAt: new Date(0), state: "live", measurement, codecs });
    expect(ingestHealthRecordSchema.safeParse({ ...report, extra: 1 }).success).toBe(false);
    expect(ingestHealthRecordSchema.safeParse({ ...report, transcoder: { ...report.transcoder, extra: 1 } }).success).toBe(false);
    expect(ingestHealthSchema.safeParse({ ...report, extra: 1 }).success).toBe(true);
  });
});
