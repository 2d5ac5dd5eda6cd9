import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "#core/clock.ts";
import { registerMedia } from "#core/records/media.ts";
import { createTenant } from "#core/records/tenants.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { createEdgeApp } from "#edge/app.ts";
import { startNodeEdge, type NodeEdgeServer } from "#edge/runtime/node.ts";
import { runCli } from "./tributary.ts";

const clock = new ManualClock();
const store = new MemoryObjectStore({ clock });
let server: NodeEdgeServer;
let env: Record<string, string>;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(argv, env, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

beforeAll(async () => {
  const { adminKey } = await createTenant({ store, clock, random: cryptoRandom }, { id: "acme", name: "Acme" });
  await registerMedia(store, { id: "m1", tenantId: "acme", kind: "vod", createdAt: new Date(0).toISOString() });
  const app = createEdgeApp({
    store,
    clock,
    keys: storedPlaybackKeys(store, 0, () => clock.now()),
    viewer: () => ({}),
    api: { ingest: { publicHost: "127.0.0.1", rtmpPort: 1935, rtmpsPort: 1936, srtPort: 9000 }, publicUrl: "http://play.example" },
  });
  server = await startNodeEdge(app, { host: "127.0.0.1", port: 0 });
  env = { TRIBUTARY_API_URL: `${server.url}/api/v1`, TRIBUTARY_API_KEY: adminKey };
});

afterAll(async () => {
  await server.close();
});

describe("tributary CLI against a real edge server", () => {
  it("creates, lists and rotates streams", async () => {
    const created = await cli("streams", "create", "--name", "Main", "--latency", "low", "--no-recording");
    expect(created.code).toBe(0);
    const stream = JSON.parse(created.out) as { id: string; latencyMode: string; recording: boolean; ingest: { streamKey: string } };
    expect(stream).toMatchObject({ latencyMode: "low", recording: false });
    const listed = await cli("streams", "list", "--limit", "10");
    expect((JSON.parse(listed.out) as { data: { id: string }[] }).data.map((s) => s.id)).toEqual([stream.id]);
    const rotated = JSON.parse((await cli("streams", "rotate-key", stream.id)).out) as { ingest: { streamKey: string } };
    expect(rotated.ingest.streamKey).toMatch(/^sk_/);
    expect(rotated.ingest.streamKey).not.toBe(stream.ingest.streamKey);
  });

  it("mints a token and creates an API key", async () => {
    const token = await cli("token", "mint", "--media", "m1", "--expires-in", "600", "--max-height", "720");
    expect(token.code).toBe(0);
    expect(JSON.parse(token.out)).toMatchObject({ mediaId: "m1", urls: { hls: expect.stringMatching(/^http:\/\/play\.example\/p\/.+\/m1\/master\.m3u8$/) } });
    const key = await cli("keys", "create", "--name", "ci", "--scopes", "read");
    expect(JSON.parse(key.out)).toMatchObject({ name: "ci", scopes: ["read"], key: expect.stringMatching(/^tk_/) });
  });

  it("reports API errors (exit 1) and usage errors (exit 2)", async () => {
    const missing = await cli("streams", "rotate-key", "nope");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("404 request.not_found");
    const invalid = await cli("streams", "create", "--name", "x", "--latency", "ultra");
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain("latencyMode");
    expect((await cli("streams", "create")).code).toBe(2);
    expect((await cli("token", "mint")).code).toBe(2);
    expect((await cli("nonsense")).code).toBe(2);
    expect((await runCli(["streams", "list"], { TRIBUTARY_API_URL: env["TRIBUTARY_API_URL"] }, { out: () => {}, err: () => {} }))).toBe(2);
  });

  it("runs as a process through the .mjs launcher", async () => {
    const launcher = fileURLToPath(new URL("./tributary.mjs", import.meta.url));
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
      execFile(process.execPath, [launcher, "streams", "list"], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, out) => (error ? reject(error) : resolve({ stdout: out })));
    });
    expect((JSON.parse(stdout) as { data: unknown[] }).data.length).toBe(1);
  });
});
