/**
 * A load-generator process: hosts a share of the simulated viewers, apart from the platform's
 * processes (never sampled as the server's) and from the bench. IPC: `start` with the playback URL,
 * the viewer count and the join window (viewers join evenly spread over it; answers `started`),
 * `measure` (the measurement window opens), `stop` (answers `report`, then exits).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startLowLatencyViewer } from "./ll-viewer.ts";
import { LoadRecorder, type LoadReport } from "./recorder.ts";

export type LoadRequest = { type: "start"; url: string; viewers: number; joinMs: number } | { type: "measure" } | { type: "stop" };

export type LoadReply = { type: "started" } | { type: "report"; report: LoadReport };

const recorder = new LoadRecorder();
const viewers: { stop(): void }[] = [];
const timers: NodeJS.Timeout[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

function send(reply: LoadReply, then?: () => void): void {
  if (process.connected) process.send?.(reply, undefined, {}, () => then?.());
}

process.on("message", (message: LoadRequest) => {
  if (message.type === "start") {
    for (let i = 0; i < message.viewers; i++) {
      timers.push(setTimeout(() => viewers.push(startLowLatencyViewer(message.url, recorder)), (i * message.joinMs) / message.viewers));
    }
    send({ type: "started" });
  } else if (message.type === "measure") {
    recorder.measuring = true;
    loopDelay.enable();
  } else {
    recorder.measuring = false;
    loopDelay.disable();
    for (const timer of timers) clearTimeout(timer);
    for (const viewer of viewers) viewer.stop();
    // Requests still in flight are abandoned: the process exits once the report is flushed.
    send({ type: "report", report: recorder.report(loopDelay.percentile(99) / 1e6) }, () => process.exit(0));
  }
});
// The bench went away: nothing else would end this process.
process.once("disconnect", () => process.exit(0));
