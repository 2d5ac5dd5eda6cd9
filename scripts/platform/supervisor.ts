/**
 * Keeps one role process (relay or edge) running: forks role-process.ts, hands it its config, restarts
 * it with backoff when it dies, and on `stop()` asks it to close and waits for it to exit (killing it
 * only after `stopTimeoutMs`). Children run in their own process group, so a terminal's Ctrl-C reaches
 * the supervisor alone, which then stops them in order.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ConfigInput } from "#core/config/schema.ts";
import { TributaryError } from "#core/errors.ts";
import type { Logger } from "#core-node/logger.ts";
import { nextRestart, type RestartPolicy, type RestartState } from "./restart-policy.ts";
import type { RoleMessage, SupervisorMessage } from "./role-messages.ts";

export type Ready = Extract<RoleMessage, { type: "ready" }>;

export interface SupervisorOptions {
  role: "relay" | "edge";
  config: ConfigInput;
  policy: RestartPolicy;
  log: Logger;
  /** How long a clean stop may take before the child is killed (a relay flushes its broadcasts). */
  stopTimeoutMs: number;
  /** Called at every (re)start once the child is ready, and when it exits. */
  events?: { ready?(ready: Ready, pid: number): void; exited?(pid: number, code: number | null, signal: string | null): void };
}

export interface RoleSupervisor {
  /** The current child's pid (it changes on a restart). */
  readonly pid: number;
  /** Resolves on the first `ready`; rejects if the first start fails (no restart would fix that). */
  readonly ready: Promise<Ready>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL("./role-process.ts", import.meta.url));

export function superviseRole(options: SupervisorOptions): RoleSupervisor {
  const { log } = options;
  let child: ChildProcess;
  let state: RestartState = { crashes: 0 };
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let everReady = false;
  let resolveReady: (ready: Ready) => void = () => {};
  let rejectReady: (error: Error) => void = () => {};
  const ready = new Promise<Ready>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  let exited: Promise<void> = Promise.resolve();

  const spawnChild = () => {
    // No loader flags: Node 24 runs the TypeScript entry natively, whatever started the supervisor.
    child = fork(ENTRY, [], { execArgv: [], detached: true, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const startedAt = performance.now();
    const pid = child.pid ?? -1;
    let failure: Extract<RoleMessage, { type: "failed" }> | undefined;
    child.on("message", (message: RoleMessage) => {
      if (message.type === "ready") {
        everReady = true;
        options.events?.ready?.(message, pid);
        resolveReady(message);
      } else if (message.type === "failed") failure = message;
    });
    exited = new Promise<void>((resolve) =>
      child.once("exit", (code, signal) => {
        options.events?.exited?.(pid, code, signal);
        resolve();
        if (stopping) return;
        if (!everReady) {
          rejectReady(failure ? new TributaryError(failure.code, failure.message) : new Error(`the ${options.role} process exited (${code ?? signal}) before it was ready`));
          return;
        }
        const next = nextRestart(options.policy, state, performance.now() - startedAt);
        state = next.state;
        log.warn({ role: options.role, pid, code, signal, restartInMs: next.delayMs }, "role process died; restarting");
        restartTimer = setTimeout(spawnChild, next.delayMs);
      }),
    );
    const start: SupervisorMessage = { type: "start", config: options.config };
    child.send(start);
  };
  spawnChild();

  return {
    get pid() {
      return child.pid ?? -1;
    },
    ready,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const guard = setTimeout(() => child.kill("SIGKILL"), options.stopTimeoutMs);
      if (child.connected) child.send({ type: "stop" } satisfies SupervisorMessage);
      else child.kill("SIGTERM");
      await exited;
      clearTimeout(guard);
    },
  };
}
