import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { tempDir } from "../ffmpeg/testing/media.ts";
import { sourceFile, type SourceFileOptions } from "./source-file.ts";

let server: Server;
let port: number;
let dir: string;
let cleanup: () => Promise<void>;
const BODY = "x".repeat(4096);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("vod-source-"));
  server = createServer((req, res) => {
    if (req.url === "/redirect-name") res.writeHead(302, { location: `http://localhost:${port}/film.mp4` }).end();
    else res.end(BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address !== null ? address.port : 0;
});

afterAll(async () => {
  server.close();
  await cleanup();
});

const options = (allowPrivateTargets: boolean, maxSizeBytes = 1 << 20): SourceFileOptions => ({
  store: new MemoryObjectStore(),
  scratchPath: `${dir}/source-${Math.random()}`,
  maxSizeBytes,
  outbound: { allowPrivateTargets, setting: "vod.allowPrivateSources" },
});

describe("sourceFile from a URL", () => {
  it("refuses a name that resolves to loopback at connect time", async () => {
    const error = await sourceFile({ kind: "url", url: `http://localhost:${port}/film.mp4` }, options(false)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "media.source_forbidden" });
    expect(String(error)).toMatch(/sources must be public \(vod.allowPrivateSources is off\)/);
  });

  it("follows a redirect to the file", async () => {
    expect(await readFile(await sourceFile({ kind: "url", url: `http://127.0.0.1:${port}/redirect-name` }, options(true)), "utf8")).toBe(BODY);
  });

  it("stops a copy past the size cap", async () => {
    const error = await sourceFile({ kind: "url", url: `http://127.0.0.1:${port}/film.mp4` }, options(true, 1000)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "media.limit_exceeded" });
  });
});
