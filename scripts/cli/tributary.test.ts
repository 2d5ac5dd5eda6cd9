import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "#core/clock.ts";
import { saveAsset } from "#core/records/assets.ts";
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
  // A ready asset with a one-segment package, for captions.
  await saveAsset({ store }, { id: "a1", tenantId: "acme", kind: "upload", createdAt: new Date(0).toISOString(), mediaId: "m1", status: "ready" });
  await store.put("media/m1/master.m3u8", '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\n360p/index.m3u8\n');
  await store.put("media/m1/360p/index.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.00000,\n0.m4s\n#EXT-X-ENDLIST\n");
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

  it("adds captions from a file, reporting bad WebVTT with its line; mints a clip token", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tributary-cli-captions-"));
    try {
      const good = join(dir, "en.vtt");
      const bad = join(dir, "bad.vtt");
      await writeFile(good, "WEBVTT\n\n00:00.000 --> 00:01.500\nHello\n");
      await writeFile(bad, "WEBVTT\n\n00:00.000 -> 00:01.500\nHello\n");
      const refused = await cli("captions", "add", "a1", bad, "--language", "en");
      expect(refused.code).toBe(1);
      expect(refused.err).toContain("line 3");
      const added = await cli("captions", "add", "a1", good, "--language", "en", "--label", "English");
      expect(added.code).toBe(0);
      expect((JSON.parse(added.out) as { captions: { language: string; label: string }[] }).captions).toMatchObject([{ language: "en", label: "English" }]);
      expect((await cli("captions", "add", "a1", good)).code).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect((await cli("token", "mint", "--media", "m1", "--clip", "10-25.5")).code).toBe(0);
    expect((await cli("token", "mint", "--media", "m1", "--clip", "ten")).code).toBe(2);
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
