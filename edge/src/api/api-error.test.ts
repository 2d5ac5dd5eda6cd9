import { describe, expect, it } from "vitest";
import { TributaryError } from "#core/errors.ts";
import { apiErrorResponse } from "./api-error.ts";

const body = async (response: Response) => (await response.json()) as { error: { code: string; message: string; details: Record<string, unknown> } };

describe("API error responses", () => {
  it("carries details written for the client, and Retry-After on 429", async () => {
    const response = apiErrorResponse(new TributaryError("auth.rate_limited", "too many requests for this API key", { details: { retryAfterSeconds: 2 } }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await body(response)).toEqual({ error: { code: "auth.rate_limited", message: "too many requests for this API key", details: { retryAfterSeconds: 2 } } });
  });

  it("challenges a missing key with 401", () => {
    const response = apiErrorResponse(new TributaryError("auth.unauthorized", "send Authorization: Bearer <api key>"));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="api"');
  });

  it("keeps storage internals out of 409 and 503 bodies", async () => {
    const conflict = apiErrorResponse(new TributaryError("record.conflict", "stream id collision", { details: { key: "tenants/acme/streams/s1" } }));
    expect(conflict.status).toBe(409);
    expect((await body(conflict)).error.details).toEqual({});
    const unavailable = apiErrorResponse(new TributaryError("storage.unavailable", "stored object has a corrupt header", { details: { path: "/srv/store/x" } }));
    expect(unavailable.status).toBe(503);
    expect(await body(unavailable)).toEqual({ error: { code: "storage.unavailable", message: "storage unavailable", details: {} } });
  });

  it("answers anything unexpected with a bare 500", async () => {
    const response = apiErrorResponse(new TypeError("Cannot read properties of undefined (reading 'tenantId')"));
    expect(response.status).toBe(500);
    expect(await body(response)).toEqual({ error: { code: "internal", message: "internal error", details: {} } });
  });
});
