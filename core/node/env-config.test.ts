import { describe, expect, it } from "vitest";
import { isTributaryError } from "../src/errors.ts";
import { configFromEnv } from "./env-config.ts";

describe("configFromEnv", () => {
  it("applies defaults", () => {
    const config = configFromEnv({});
    expect(config.role).toBe("all");
    expect(config.edge.port).toBe(8787);
    expect(config.relay.rtmpPort).toBe(1935);
    expect(config.storage).toBeUndefined();
  });

  it("maps variables onto the typed object", () => {
    const config = configFromEnv({ TRIBUTARY_STORAGE: "s3", TRIBUTARY_S3_BUCKET: "media-bucket", TRIBUTARY_S3_FORCE_PATH_STYLE: "true", TRIBUTARY_EDGE_PORT: "9000" });
    expect(config.storage).toEqual({ kind: "s3", bucket: "media-bucket", region: "us-east-1", forcePathStyle: true, prefix: "" });
    expect(config.edge.port).toBe(9000);
  });

  it("reports every problem together", () => {
    try {
      configFromEnv({ TRIBUTARY_ROLE: "viewer", TRIBUTARY_EDGE_PORT: "99999", TRIBUTARY_STORAGE: "s3" });
      expect.unreachable();
    } catch (error) {
      expect(isTributaryError(error, "config.invalid")).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain("role");
      expect(message).toContain("edge.port");
      expect(message).toContain("storage.bucket");
    }
  });

  it("refuses unknown variables and unknown keys", () => {
    expect(() => configFromEnv({ TRIBUTARY_EDGE_PROT: "1" })).toThrow(/TRIBUTARY_EDGE_PROT/);
    expect(() => configFromEnv({}, { edge: { prot: 1 } })).toThrow(/prot/);
  });
});
