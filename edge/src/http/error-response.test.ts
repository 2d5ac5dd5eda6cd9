import { describe, expect, it } from "vitest";
import { TributaryError } from "#core/errors.ts";
import { errorResponse } from "./error-response.ts";

const body = async (response: Response) => (await response.json()) as { error: { code: string; message: string } };

describe("playback error responses", () => {
  it("answers token problems with 401 and a Bearer challenge", async () => {
    const response = errorResponse(new TributaryError("token.expired", "playback token expired"));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="playback"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await body(response)).toEqual({ error: { code: "token.expired", message: "playback token expired" } });
  });

  it("answers a name that cannot be a key like a missing object, quoting nothing of it", async () => {
    const response = errorResponse(new TributaryError("storage.invalid_key", "invalid object key: segment too long for the filesystem store", { details: { key: "media/m1/x" } }));
    expect(response.status).toBe(404);
    expect(await body(response)).toEqual({ error: { code: "request.not_found", message: "not found" } });
  });

  it("answers anything unexpected with a bare 500", async () => {
    const response = errorResponse(new Error("ENOENT /srv/tributary/system/signing-keys.json"));
    expect(response.status).toBe(500);
    expect(await body(response)).toEqual({ error: { code: "internal", message: "internal error" } });
  });
});
