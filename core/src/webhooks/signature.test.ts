import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./signature.ts";
import { defaultRetryPolicy, nextAttemptAt } from "./retry-policy.ts";

const secret = "whsec_test";
const body = '{"type":"stream.live"}';
const t = 1_780_000_000;

describe("webhook signatures", () => {
  it("verifies its own signature over the exact body", async () => {
    const header = await signWebhook(secret, body, t);
    expect(header).toMatch(/^t=1780000000,v1=[0-9a-f]{64}$/);
    await expect(verifyWebhookSignature(secret, header, body, t * 1000, 300)).resolves.toBeUndefined();
  });

  it("accepts any matching v1 (secret rotation sends two)", async () => {
    const header = await signWebhook(secret, body, t);
    await expect(verifyWebhookSignature(secret, `t=${t},v1=${"0".repeat(64)},${header.split(",")[1]}`, body, t * 1000)).resolves.toBeUndefined();
  });

  it.each([
    ["a changed body", async () => [await signWebhook(secret, body, t), body + " "]],
    ["another secret", async () => [await signWebhook("whsec_other", body, t), body]],
    ["a changed timestamp", async () => [(await signWebhook(secret, body, t)).replace(`t=${t}`, `t=${t + 1}`), body]],
    ["no header", async () => ["", body]],
    ["garbage", async () => ["t=abc,v1=", body]],
  ])("refuses %s", async (_name, make) => {
    const [header, sent] = (await make()) as [string, string];
    await expect(verifyWebhookSignature(secret, header, sent, t * 1000)).rejects.toMatchObject({ code: "webhook.signature_invalid" });
  });

  it("refuses a valid signature outside the tolerance", async () => {
    const header = await signWebhook(secret, body, t);
    await expect(verifyWebhookSignature(secret, header, body, (t + 301) * 1000, 300)).rejects.toMatchObject({ code: "webhook.timestamp_out_of_range" });
  });
});

describe("retry policy", () => {
  it("backs off exponentially, capped, and stops after a day", () => {
    const first = 0;
    const delays: number[] = [];
    let last = first;
    for (let attempts = 1; ; attempts++) {
      const at = nextAttemptAt(defaultRetryPolicy, attempts, first, last);
      if (at === undefined) break;
      delays.push(at - last);
      last = at;
    }
    expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(Math.max(...delays)).toBe(3_600_000);
    expect(last).toBeLessThanOrEqual(24 * 3_600_000);
    expect(last + 3_600_000).toBeGreaterThan(24 * 3_600_000);
    expect(delays).toHaveLength(defaultRetryPolicy.maxAttempts - 1);
  });

  it("stops after maxAttempts even when time is left", () => {
    const policy = { ...defaultRetryPolicy, maxAttempts: 3 };
    expect(nextAttemptAt(policy, 2, 0, 30_000)).toBe(90_000);
    expect(nextAttemptAt(policy, 3, 0, 90_000)).toBeUndefined();
  });
});
