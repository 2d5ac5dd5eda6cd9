import { describe, expect, it } from "vitest";
import { TributaryError, type ErrorCode } from "../errors.ts";
import { HTTP_ERRORS, SURFACE_OVERRIDES, httpErrorAnswer, httpErrorRule, type HttpSurface } from "./http-status.ts";

const surfaces: HttpSurface[] = ["playback", "api", "relay"];
const codes = Object.keys(HTTP_ERRORS) as ErrorCode[];
const own = "the error's own words";
const secret = "s3://tributary-media/tenants/acme/streams/x.json failed at /srv/store";

describe("HTTP error table", () => {
  it("gives every code, on every surface, an error status; 5xx bodies keep the error's text out", () => {
    expect(codes.length).toBeGreaterThan(30);
    const telling: string[] = [];
    for (const surface of surfaces) {
      for (const code of codes) {
        const { status, show } = httpErrorRule(code, surface);
        expect(Number.isInteger(status) && status >= 400 && status <= 599, `${surface} ${code}`).toBe(true);
        if (status >= 500 && typeof show !== "object") telling.push(`${surface} ${code}`);
      }
    }
    // The one documented exception: the relay's own wait message restates the request.
    expect(telling).toEqual(["relay origin.timeout"]);
  });

  it("overrides only codes the table knows", () => {
    for (const overrides of Object.values(SURFACE_OVERRIDES)) for (const code of Object.keys(overrides)) expect(codes).toContain(code);
  });

  it.each([
    { name: "a token problem", code: "token.expired", surface: "playback", status: 401, publicCode: "token.expired", message: own },
    { name: "an id that cannot be a key, for a viewer", code: "storage.invalid_key", surface: "playback", status: 404, publicCode: "request.not_found", message: "not found" },
    { name: "an id that cannot be a key, for a broadcaster", code: "storage.invalid_key", surface: "api", status: 404, publicCode: "request.not_found", message: "not found" },
    { name: "a gateway timeout at the edge", code: "origin.timeout", surface: "playback", status: 504, publicCode: "origin.timeout", message: "upstream timed out" },
    { name: "a wait running out at the relay (override)", code: "origin.timeout", surface: "relay", status: 503, publicCode: "origin.timeout", message: own },
    { name: "a failed upstream", code: "origin.failed", surface: "playback", status: 502, publicCode: "origin.failed", message: "upstream failed" },
    { name: "unavailable storage", code: "storage.unavailable", surface: "api", status: 503, publicCode: "storage.unavailable", message: "storage unavailable" },
    { name: "a code that never belongs on HTTP", code: "transcode.failed", surface: "api", status: 500, publicCode: "internal", message: "internal error" },
  ] satisfies { name: string; code: ErrorCode; surface: HttpSurface; status: number; publicCode: string; message: string }[])(
    "answers $name with $status",
    ({ code, surface, status, publicCode, message }) => {
      const error = new TributaryError(code, own, { details: { key: secret } });
      expect(httpErrorAnswer(error, surface)).toEqual({ status, code: publicCode, message, details: {} });
    },
  );

  it("sends details only where they are written for the client", () => {
    const issues = [{ path: "name", code: "too_small", message: "too short" }];
    expect(httpErrorAnswer(new TributaryError("request.invalid", "invalid request body", { details: { issues } }), "api")).toEqual({
      status: 400,
      code: "request.invalid",
      message: "invalid request body",
      details: { issues },
    });
    expect(httpErrorAnswer(new TributaryError("auth.rate_limited", "slow down", { details: { retryAfterSeconds: 3 } }), "api").details).toEqual({ retryAfterSeconds: 3 });
    const conflict = httpErrorAnswer(new TributaryError("record.conflict", "tenant already exists", { details: { key: secret } }), "api");
    expect(conflict).toEqual({ status: 409, code: "record.conflict", message: "tenant already exists", details: {} });
  });

  it.each([
    { name: "a plain Error", error: new Error(secret) },
    { name: "a TypeError from our own code", error: new TypeError(secret) },
    { name: "a thrown string", error: secret },
    { name: "undefined", error: undefined },
    { name: "a code outside the union", error: new TributaryError("constructor" as ErrorCode, secret, { details: { key: secret } }) },
    { name: "a prototype-named code", error: new TributaryError("__proto__" as ErrorCode, secret) },
  ])("answers $name with a bare 500 on every surface", ({ error }) => {
    for (const surface of surfaces) {
      const answer = httpErrorAnswer(error, surface);
      expect(answer).toEqual({ status: 500, code: "internal", message: "internal error", details: {} });
      expect(JSON.stringify(answer)).not.toContain("acme");
    }
  });
});
