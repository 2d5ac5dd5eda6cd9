/** The parent's handle on bench/ingest/viewers-child.ts: start one viewer per target in that process, stop them and collect what they saw. */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DEFAULT_VIEWER_POLICY, type ViewerObservation, type ViewerPolicy, type ViewerTarget } from "./viewer.ts";
import type { ViewersReply, ViewersRequest } from "./viewers-child.ts";

export interface ViewerPool {
  stop(): Promise<ViewerObservation[]>;
}

function reply<T extends ViewersReply["type"]>(child: ChildProcess, type: T): Promise<Extract<ViewersReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ViewersReply) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as Extract<ViewersReply, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`viewers process exited (${code}) before "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

export async function startViewerPool(targets: readonly ViewerTarget[], policy: ViewerPolicy = DEFAULT_VIEWER_POLICY): Promise<ViewerPool> {
  const child = fork(fileURLToPath(new URL("./viewers-child.ts", import.meta.url)), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const request = (message: ViewersRequest) => child.send(message);
  const started = reply(child, "started");
  request({ type: "start", targets: [...targets], policy });
  await started.catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  return {
    async stop() {
      const observed = reply(child, "observations");
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
