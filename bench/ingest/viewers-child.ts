/**
 * Hosts the viewers of one run in a process of their own, so their HTTP work is never sampled as the
 * server's and never shares the bench's event loop. IPC: `start` with the targets (answers `started`),
 * `stop` (answers `observations`, one per target, in order), then exits.
 */
import { startViewer, type ViewerObservation, type ViewerPolicy, type ViewerTarget } from "./viewer.ts";

export type ViewersRequest = { type: "start"; targets: ViewerTarget[]; policy: ViewerPolicy } | { type: "stop" };

export type ViewersReply = { type: "started" } | { type: "observations"; observations: ViewerObservation[] };

let viewers: ReturnType<typeof startViewer>[] = [];

function send(reply: ViewersReply, then?: () => void): void {
  if (process.connected) process.send?.(reply, undefined, {}, () => then?.());
}

process.on("message", (message: ViewersRequest) => {
  if (message.type === "start") {
    viewers = message.targets.map((target) => startViewer(target, message.policy));
    send({ type: "started" });
    return;
  }
  void Promise.all(viewers.map((viewer) => viewer.stop())).then((observations) => {
    // Disconnecting before the message is flushed would drop it (large at many viewers).
    send({ type: "observations", observations }, () => process.disconnect());
  });
});
// The bench went away: nothing else would end this process.
process.once("disconnect", () => process.exit(0));
