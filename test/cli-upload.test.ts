// `tributary assets upload FILE` as a person runs it: a real CLI process sends the file through a
// throttled proxy, is interrupted with Ctrl-C (SIGINT) partway, and the same command run again
// resumes the upload where the server has it and follows the transcode to `ready`.
import { spawn } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMp4 } from "#transcoder/vod/testing/sources.ts";
import { freePort } from "../bench/support/free-port.ts";
import { startFaultProxy, type FaultProxy } from "./support/fault-proxy.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const CLI = new URL("../scripts/cli/tributary.mjs", import.meta.url).pathname;

let platform: TestPlatform;
let proxy: FaultProxy;
let film: string;
let env: Record<string, string>;

beforeAll(async () => {
  const edgePort = await freePort();
  proxy = await startFaultProxy(`http://127.0.0.1:${edgePort}`, { seed: 1, errorRate: 0, stallRate: 0, resetRate: 0, slowBodyRate: 1, stallMs: 0, slowBodyBytesPerSecond: 1024 * 1024 });
  platform = await startTestPlatform({ edge: { port: edgePort, publicUrl: proxy.url } }, { worker: { pollMs: 200, renewMs: 300 } });
  film = await makeMp4(join(platform.dataDir, "film.mp4"), { seconds: 6, width: 640, height: 360, videoBitrate: "12M" });
  env = { ...process.env, TRIBUTARY_API_URL: `http://127.0.0.1:${edgePort}/api/v1`, TRIBUTARY_API_KEY: platform.adminKey ?? "", TRIBUTARY_STATE_DIR: join(platform.dataDir, "cli-state") } as Record<string, string>;
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await proxy?.stop();
});

/**
 * Runs the CLI; `interruptAfterMs` sends SIGINT that long after the upload bar first shows. (The bar
 * counts bytes handed to the socket, which loopback buffers swallow whole for a small file, so the
 * server's offset is what the test checks.)
 */
function cli(args: string[], interruptAfterMs?: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let interrupting = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (interruptAfterMs !== undefined && /^upload /m.test(stderr) && !interrupting) {
        interrupting = true;
        setTimeout(() => child.kill("SIGINT"), interruptAfterMs);
      }
    });
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("tributary assets upload", () => {
  it("resumes after Ctrl-C and follows the transcode to ready", async () => {
    const first = await cli(["assets", "upload", film, "--name", "film"], 800);
    expect(first.code).not.toBe(0);
    expect(first.stderr).not.toMatch(/transcode/);
    const stored = Object.values(JSON.parse(await readFile(join(env["TRIBUTARY_STATE_DIR"] ?? "", "uploads.json"), "utf8")) as Record<string, { uploadUrl: string }>);
    expect(stored).toHaveLength(1);
    const head = await fetch(stored[0]?.uploadUrl ?? "", { method: "HEAD", headers: { "tus-resumable": "1.0.0" } });
    const offset = Number(head.headers.get("upload-offset"));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan((await stat(film)).size);

    proxy.enabled = false;
    const second = await cli(["assets", "upload", film, "--name", "film"]);
    expect(second.stderr).toMatch(/resuming the upload of film\.mp4/);
    expect(second.stderr).toMatch(/transcode .*100%\s+ready/);
    expect(second.code).toBe(0);
    const asset = JSON.parse(second.stdout) as { id: string; status: string; name: string };
    expect(asset).toMatchObject({ status: "ready", name: "film" });

    const listed = JSON.parse((await cli(["assets", "list"])).stdout) as { data: { id: string }[] };
    expect(listed.data.map((a) => a.id)).toEqual([asset.id]);
    expect(JSON.parse((await cli(["assets", "delete", asset.id])).stdout)).toEqual({ deleted: asset.id });
    expect((await cli(["assets", "get", asset.id])).code).toBe(1);
  }, 240_000);
});
