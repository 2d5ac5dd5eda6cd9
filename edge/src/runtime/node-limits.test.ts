/** Abuse against the Node edge over real sockets: each is refused early, and the server keeps serving. */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_MAX_BODY_BYTES } from "../api/routes.ts";
import { apiKit, type ApiKit } from "../testing/api-test-kit.ts";
import { startNodeEdge, type NodeEdgeServer } from "./node.ts";

let kit: ApiKit;
let server: NodeEdgeServer;
let port: number;

beforeAll(async () => {
  kit = await apiKit();
  server = await startNodeEdge(kit.app, { host: "127.0.0.1", port: 0, limits: { headersMs: 1_000, checkMs: 200 } });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server.close();
});

/** Sends `chunks` on a raw socket (each after `gapMs`) and resolves with what the server answered before closing. */
function raw(chunks: (string | Buffer)[], gapMs = 0): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let answer = "";
    socket.on("data", (data: Buffer) => (answer += data.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(answer));
    socket.once("connect", async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs > 0) await new Promise((done) => setTimeout(done, gapMs));
      }
    });
  });
}

const alive = async () => (await fetch(`${server.url}/healthz`)).status;

describe("the Node edge under abuse", () => {
  it("answers a slowloris client 408 once its headers are late, and keeps serving others", async () => {
    const trickle = ["GET /healthz HTTP/1.1\r\n", "Host: edge\r\n", ...Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: 1\r\n`)];
    const slow = raw(trickle, 100);
    expect(await alive()).toBe(200);
    expect(await slow).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("refuses oversized headers with 431", async () => {
    const answer = await raw([`GET /healthz HTTP/1.1\r\nHost: edge\r\nX-Big: ${"a".repeat(32 * 1024)}\r\n\r\n`]);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(await alive()).toBe(200);
  });

  it("refuses a 20 MB API body with 413 before reading it, authenticated or not", async () => {
    const body = Buffer.alloc(20 * 1024 * 1024, 0x61);
    for (const authorization of [`Bearer ${kit.acme}`, "Bearer tk_nobody"]) {
      const response = await fetch(`${server.url}/api/v1/streams`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body });
      expect(response.status).toBe(413);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error).toMatchObject({ code: "request.too_large", message: `request bodies are limited to ${API_MAX_BODY_BYTES} bytes` });
    }
    const chunked = await fetch(`${server.url}/api/v1/streams`, {
      method: "POST",
      headers: { authorization: `Bearer ${kit.acme}`, "content-type": "application/json" },
      body: new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(API_MAX_BODY_BYTES + 1)), c.close()) }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await alive()).toBe(200);
  });
});
