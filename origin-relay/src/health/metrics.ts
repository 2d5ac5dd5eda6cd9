/**
 * Prometheus gauges of ingest health, one series per live stream (label `stream_id`). Series are
 * removed when a broadcast ends and at most `maxStreams` are kept, so label cardinality stays bounded.
 */
import { Gauge, Registry } from "prom-client";
import type { HealthReport } from "./health-report.ts";

export class IngestMetrics {
  readonly registry = new Registry();
  readonly #maxStreams: number;
  readonly #streams = new Set<string>();
  readonly #gauges: Record<"bitrate" | "fps" | "keyframe" | "speed" | "dropped" | "late" | "warnings" | "live" | "webrtcViewers", Gauge<"stream_id">>;

  constructor(options: { maxStreams?: number } = {}) {
    this.#maxStreams = options.maxStreams ?? 500;
    const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ["stream_id"] as const, registers: [this.registry] });
    this.#gauges = {
      bitrate: gauge("tributary_ingest_bitrate_bits_per_second", "Received bit rate over the last measurement window"),
      fps: gauge("tributary_ingest_frames_per_second", "Received video frame rate"),
      keyframe: gauge("tributary_ingest_keyframe_interval_seconds", "Mean interval between received keyframes"),
      speed: gauge("tributary_transcoder_speed_ratio", "Transcoder speed relative to real time (ffmpeg progress)"),
      dropped: gauge("tributary_transcoder_dropped_frames", "Frames the transcoder dropped in this broadcast"),
      late: gauge("tributary_ingest_late_frames", "Frames that arrived later than their timestamps promise"),
      warnings: gauge("tributary_ingest_warnings", "Health warnings currently raised"),
      live: gauge("tributary_ingest_publishing", "1 while a publisher is connected, 0 while reconnecting"),
      webrtcViewers: gauge("tributary_webrtc_viewers", "Viewers watching over WebRTC (WHEP) from this relay"),
    };
  }

  update(report: HealthReport): void {
    const id = report.streamId;
    if (!this.#streams.has(id) && this.#streams.size >= this.#maxStreams) return;
    this.#streams.add(id);
    const labels = { stream_id: id };
    this.#gauges.bitrate.set(labels, report.bitrate);
    this.#gauges.fps.set(labels, report.fps);
    this.#gauges.keyframe.set(labels, report.keyframeIntervalSeconds);
    this.#gauges.speed.set(labels, report.transcoder.speed ?? 0);
    this.#gauges.dropped.set(labels, report.transcoder.droppedFrames);
    this.#gauges.late.set(labels, report.lateFrames);
    this.#gauges.warnings.set(labels, report.warnings.length + report.advisories.length);
    this.#gauges.live.set(labels, report.state === "live" ? 1 : 0);
    this.#gauges.webrtcViewers.set(labels, report.webrtcViewers ?? 0);
  }

  remove(streamId: string): void {
    if (!this.#streams.delete(streamId)) return;
    for (const gauge of Object.values(this.#gauges)) gauge.remove({ stream_id: streamId });
  }

  /** Prometheus text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
