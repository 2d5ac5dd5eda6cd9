import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { anyOriginCors } from "./cors.ts";

const policy = { allowMethods: ["GET", "HEAD", "OPTIONS"], allowHeaders: ["Range", "CMCD-Request"], exposeHeaders: ["Content-Length", "ETag"], maxAgeSeconds: 600 };

function app(): Hono {
  const hono = new Hono();
  hono.use("/p/*", anyOriginCors(policy));
  hono.get("/p/ok", () => new Response(new Uint8Array([1, 2, 3]), { headers: { "content-type": "video/iso.segment" } }));
  hono.get("/p/boom", () => {
    throw new Error("boom");
  });
  hono.get("/p/immutable", () => Response.redirect("https://elsewhere.example/", 302));
  hono.get("/other", () => new Response("x"));
  hono.onError(() => new Response("failed", { status: 500 }));
  return hono;
}

describe("anyOriginCors", () => {
  it("answers a preflight with 204 and the policy, without reaching a route", async () => {
    const response = await app().request("/p/anything", { method: "OPTIONS", headers: { origin: "https://player.example", "access-control-request-method": "GET" } });
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toEqual({
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "Content-Length,ETag",
      "access-control-max-age": "600",
      "access-control-allow-methods": "GET,HEAD,OPTIONS",
      "access-control-allow-headers": "Range,CMCD-Request",
    });
  });

  it("adds the origin and exposed headers to the route's own response, body untouched", async () => {
    const response = await app().request("/p/ok");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-expose-headers")).toBe("Content-Length,ETag");
    expect(response.headers.get("content-type")).toBe("video/iso.segment");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("adds them to error answers too", async () => {
    const response = await app().request("/p/boom");
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("copies a response whose headers are immutable", async () => {
    const response = await app().request("/p/immutable");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://elsewhere.example/");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("leaves other paths alone", async () => {
    const response = await app().request("/other");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
