import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolveAll } from "./outbound-guard.ts";
import { nodeWebhookTransport } from "./webhook-transport.ts";

let server: Server;
let port: number;
const seen: { headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(request.url === "/redirect" ? 302 : 204, request.url === "/redirect" ? { location: "http://127.0.0.1:1/" } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const post = { headers: { "content-type": "application/json", "webhook-id": "e1" }, body: '{"id":"e1"}', timeoutMs: 5_000 };

/** A resolver with fixed answers, standing in for DNS names we do not control. */
function answers(table: Record<string, string[]>): ResolveAll & { calls: string[] } {
  const calls: string[] = [];
  const resolve: ResolveAll = (hostname, _options, callback) => {
    calls.push(hostname);
    callback(null, (table[hostname] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
  };
  return Object.assign(resolve, { calls });
}

describe("nodeWebhookTransport", () => {
  it("delivers to a local receiver when private targets are allowed, and sends the headers and body", async () => {
    const send = nodeWebhookTransport({ allowPrivateTargets: true });
    expect(await send({ url: `http://127.0.0.1:${port}/hook`, ...post })).toEqual({ status: 204 });
    expect(seen.at(-1)).toMatchObject({ headers: { "webhook-id": "e1", "content-length": "11" }, body: '{"id":"e1"}' });
  });

  it("does not follow redirects", async () => {
    const send = nodeWebhookTransport({ allowPrivateTargets: true });
    expect(await send({ url: `http://127.0.0.1:${port}/redirect`, ...post })).toEqual({ status: 302 });
  });

  it.each([
    ["an IPv4 loopback literal", (p: number) => `http://127.0.0.1:${p}/hook`, "refused: 127.0.0.1 is a loopback address"],
    ["a decimal spelling of it", (p: number) => `http://2130706433:${p}/hook`, "refused: 127.0.0.1 is a loopback address"],
    ["the IPv4-mapped form", (p: number) => `http://[::ffff:127.0.0.1]:${p}/hook`, "refused: ::ffff:7f00:1 is a loopback address"],
    ["the metadata service", () => "http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"],
    ["localhost, which resolves to loopback", (p: number) => `http://localhost:${p}/hook`, "refused localhost: "],
  ])("refuses %s when private targets are not allowed", async (_name, url, message) => {
    const before = seen.length;
    const send = nodeWebhookTransport({ allowPrivateTargets: false });
    await expect(send({ url: url(port), ...post })).rejects.toMatchObject({ code: "webhook.target_forbidden", message: expect.stringContaining(message) as string });
    expect(seen.length).toBe(before);
  });

  it("refuses a name when any of its addresses is forbidden", async () => {
    const resolve = answers({ "mixed.example": ["93.184.216.34", "10.0.0.7"] });
    const send = nodeWebhookTransport({ allowPrivateTargets: false }, resolve);
    await expect(send({ url: "http://mixed.example/hook", ...post })).rejects.toMatchObject({
      code: "webhook.target_forbidden",
      message: "refused mixed.example: 10.0.0.7 is a private network address; targets must be public (webhooks.allowPrivateTargets is off)",
    });
  });

  it("connects to the address it checked: one lookup, and the socket goes where that answer said", async () => {
    const resolve = answers({ "receiver.example": ["127.0.0.1"] });
    const send = nodeWebhookTransport({ allowPrivateTargets: true }, resolve);
    expect(await send({ url: `http://receiver.example:${port}/hook`, ...post })).toEqual({ status: 204 });
    expect(resolve.calls).toEqual(["receiver.example"]);
    expect(seen.at(-1)?.headers["host"]).toBe(`receiver.example:${port}`);
  });

  it("reports a closed port as an error, not a status", async () => {
    const send = nodeWebhookTransport({ allowPrivateTargets: true });
    await expect(send({ url: "http://127.0.0.1:1/hook", ...post })).rejects.toThrow(/ECONNREFUSED/);
  });
});
