// A write the store could not take is tried again after a growing wait; an answer (a failed
// condition) is not, and the last failure surfaces once the attempts are spent.
import { describe, expect, it } from "vitest";
import { TributaryError } from "../errors.ts";
import { preconditionFailed } from "./put-conditions.ts";
import { retryWrite, type WriteRetryPolicy } from "./write-retry.ts";

const unavailable = () => new TributaryError("storage.unavailable", "object store put failed with HTTP 503");

function policy(waits: number[]): WriteRetryPolicy {
  return { attempts: 4, initialDelayMs: 100, maxDelayMs: 250, wait: (ms) => Promise.resolve(void waits.push(ms)) };
}

describe("retryWrite", () => {
  it("retries an unavailable store with capped exponential backoff until the write lands", async () => {
    const waits: number[] = [];
    let calls = 0;
    const etag = await retryWrite(async () => {
      if (++calls < 4) throw unavailable();
      return "etag-1";
    }, policy(waits));
    expect(etag).toBe("etag-1");
    expect(waits).toEqual([100, 200, 250]);
  });

  it("surfaces the last failure once the attempts are spent", async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(retryWrite(() => Promise.reject(unavailable()).finally(() => calls++), policy(waits))).rejects.toMatchObject({ code: "storage.unavailable" });
    expect(calls).toBe(4);
  });

  it("does not retry an answer", async () => {
    const waits: number[] = [];
    await expect(retryWrite(() => Promise.reject(preconditionFailed("k", "If-None-Match")), policy(waits))).rejects.toMatchObject({ code: "storage.precondition_failed" });
    expect(waits).toEqual([]);
  });
});
