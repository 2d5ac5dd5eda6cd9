/** The bench's handle on its load-generator processes (bench/viewers/load-child.ts): the viewers split between them. */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { nextReply } from "../support/ipc-reply.ts";
import type { LoadReply, LoadRequest } from "./load-child.ts";
import type { LoadReport } from "./recorder.ts";

export interface LoadPool {
  pids: number[];
  /** Opens the measurement window in every process. */
  measure(): void;
  /** Closes it and collects every process's report; the processes exit. */
  stop(): Promise<LoadReport[]>;
  /** Ends every process at once (cleanup when the bench fails). */
  kill(): void;
}

export async function startLoadPool(url: string, viewers: number, processes: number, joinMs: number): Promise<LoadPool> {
  const children: ChildProcess[] = Array.from({ length: processes }, () =>
    fork(fileURLToPath(new URL("./load-child.ts", import.meta.url)), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  const send = (child: ChildProcess, message: LoadRequest) => child.connected && child.send(message);
  const killAll = () => children.forEach((child) => child.kill("SIGKILL"));
  try {
    await Promise.all(children.map((child, i) => {
      const started = nextReply<LoadReply, "started">(child, "started", "load generator");
      const share = Math.floor(viewers / processes) + (i < viewers % processes ? 1 : 0);
      send(child, { type: "start", url, viewers: share, joinMs });
      return started;
    }));
  } catch (error) {
    killAll();
    throw error;
  }
  return {
    pids: children.map((child) => child.pid ?? -1),
    measure: () => children.forEach((child) => send(child, { type: "measure" })),
    async stop() {
      const guard = setTimeout(killAll, 20_000);
      try {
        return await Promise.all(children.map((child) => {
          const report = nextReply<LoadReply, "report">(child, "report", "load generator");
          send(child, { type: "stop" });
          return report.then((reply) => reply.report);
        }));
      } finally {
        clearTimeout(guard);
      }
    },
    kill: killAll,
  };
}
