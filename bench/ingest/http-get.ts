/**
 * One HTTP GET on a shared keep-alive agent, bounded by a timeout, timed to the last body byte.
 * node:http rather than fetch: hundreds of viewers in one process poll ten times a second, and the
 * lighter client leaves more of the shared cores to the server being measured.
 */
import { Agent, get } from "node:http";

export type GetResult =
  | { kind: "response"; status: number; body: Buffer | undefined; bytes: number; ms: number }
  | { kind: "timeout"; ms: number }
  | { kind: "failed"; ms: number; message: string };

const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });

/**
 * GETs `url`; keeps the body only when `keepBody` (playlists), else drains and counts it (segments).
 * On the process's shared agent unless given one (a viewer with connections of its own, as a browser has).
 */
export function httpGet(url: string, timeoutMs: number, keepBody: boolean, via: Agent = agent): Promise<GetResult> {
  const began = performance.now();
  const elapsed = () => performance.now() - began;
  return new Promise((resolve) => {
    const request = get(url, { agent: via }, (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (keepBody) chunks.push(chunk);
      });
      response.once("end", () => {
        clearTimeout(timer);
        resolve({ kind: "response", status: response.statusCode ?? 0, body: keepBody ? Buffer.concat(chunks) : undefined, bytes, ms: elapsed() });
      });
      response.once("error", (error) => {
        clearTimeout(timer);
        resolve({ kind: "failed", ms: elapsed(), message: error.message });
      });
    });
    const timer = setTimeout(() => {
      resolve({ kind: "timeout", ms: elapsed() });
      request.destroy();
    }, timeoutMs);
    request.once("error", (error) => {
      clearTimeout(timer);
      resolve({ kind: "failed", ms: elapsed(), message: error.message });
    });
  });
}
