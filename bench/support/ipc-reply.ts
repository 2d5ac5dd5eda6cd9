/** Waiting on a forked bench child's IPC replies: the first message of a type, or an error if the child exits first. */
import type { ChildProcess } from "node:child_process";

export function nextReply<M extends { type: string }, T extends M["type"]>(child: ChildProcess, type: T, what: string): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as Extract<M, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`${what} exited (${code}) before "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}
