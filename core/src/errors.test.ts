import { describe, expect, it } from "vitest";
import { TributaryError, isTributaryError } from "./errors.ts";

describe("TributaryError", () => {
  it("carries a stable code, fatal flag and details", () => {
    const error = new TributaryError("storage.not_found", "no such key", { details: { key: "a" } });
    expect(error.code).toBe("storage.not_found");
    expect(error.fatal).toBe(false);
    expect(error.details).toEqual({ key: "a" });
    expect(isTributaryError(error, "storage.not_found")).toBe(true);
    expect(isTributaryError(error, "token.invalid")).toBe(false);
    expect(isTributaryError(new Error("x"))).toBe(false);
  });
});
