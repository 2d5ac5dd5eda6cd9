/** The parent's handle on bench/ingest/viewers-child.ts: start one viewer per target in that process, stop them and collect what they saw. */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DEFAULT_VIEWER_POLICY, type ViewerObservation, type ViewerPolicy, type ViewerTarget } from "./viewer.ts";
import { nextReply } from "../support/ipc-reply.ts";
import type { ViewersReply, ViewersRequest } from "./viewers-child.ts";

export interface ViewerPool {
  stop(): Promise<ViewerObservation[]>;
}

export async function startViewerPool(targets: readonly ViewerTarget[], policy: ViewerPolicy = DEFAULT_VIEWER_POLICY): Promise<ViewerPool> {
  const child = fork(fileURLToPath(new URL("./viewers-child.ts", import.meta.url)), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const request = (message: ViewersRequest) => child.send(message);
  const started = nextReply<ViewersReply, "started">(child, "started", "viewers process");
  request({ type: "start", targets: [...targets], policy });
  await started.catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  return {
    async stop() {
      const observed = nextReply<ViewersReply, "observations">(child, "observations", "viewers process");
      // In-flight GETs end within one timeout; past that the process is stuck and killed.
      const guard = setTimeout(() => child.kill("SIGKILL"), policy.timeoutMs + 10_000);
      request({ type: "stop" });
      try {
        return (await observed).observations;
      } finally {
        clearTimeout(guard);
      }
    },
  };
}
