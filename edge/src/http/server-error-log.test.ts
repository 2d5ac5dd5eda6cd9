import { describe, expect, it } from "vitest";
import { logServerError, redactedPath } from "./server-error-log.ts";

describe("logServerError", () => {
  it("writes 5xx failures as one JSON line with the playback token redacted", () => {
    const lines: string[] = [];
    logServerError(new Error("bucket unreachable"), new Request("https://edge.example/p/eyJ.secret.sig/media1/index.m3u8?x=1"), 503, (line) => lines.push(line));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: "error", method: "GET", path: "/p/<token>/media1/index.m3u8", status: 503, err: { name: "Error", message: "bucket unreachable" } });
    expect(lines[0]).not.toContain("secret");
  });

  it("stays quiet for answers that are the client's doing, and for a capability this deployment lacks", () => {
    const lines: string[] = [];
    logServerError(new Error("nope"), new Request("https://edge.example/api/v1/streams"), 404, (line) => lines.push(line));
    logServerError(new Error("no usage engine"), new Request("https://edge.example/api/v1/usage"), 501, (line) => lines.push(line));
    expect(lines).toEqual([]);
    expect(redactedPath("https://edge.example/api/v1/streams/abc")).toBe("/api/v1/streams/abc");
  });
});
