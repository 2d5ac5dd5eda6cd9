import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import type { JobStateChangeEvent } from "./mediaconvert-events.ts";
import { applyJobState, handleEvent } from "./mediaconvert-events.ts";

const event = (status: string, time: string, extra: Partial<JobStateChangeEvent["detail"]> = {}): JobStateChangeEvent => ({
  time,
  detail: { jobId: "1515368087458-qnoxtd", status, userMetadata: { assetId: "asset_1" }, ...extra },
});

/** An in-memory S3 holding one object with a versioned ETag, failing the first `conflicts` conditional puts with 412. */
function fakeS3(initial: string | undefined, conflicts = 0) {
  let body = initial;
  let version = 1;
  let remainingConflicts = conflicts;
  const puts: Array<{ key: string; ifMatch: string | undefined; body: string }> = [];
  const s3 = {
    async send(command: unknown): Promise<unknown> {
      if (command instanceof GetObjectCommand) {
        if (body === undefined) throw Object.assign(new Error("NoSuchKey"), { $metadata: { httpStatusCode: 404 } });
        const current = body;
        return { ETag: `"v${version}"`, Body: { transformToString: async () => current } };
      }
      if (command instanceof PutObjectCommand) {
        const input = command.input;
        if (remainingConflicts > 0) {
          remainingConflicts--;
          version++;
          throw Object.assign(new Error("PreconditionFailed"), { $metadata: { httpStatusCode: 412 } });
        }
        if (input.IfMatch !== `"v${version}"`) throw Object.assign(new Error("PreconditionFailed"), { $metadata: { httpStatusCode: 412 } });
        body = String(input.Body);
        version++;
        puts.push({ key: input.Key ?? "", ifMatch: input.IfMatch, body });
        return {};
      }
      throw new TypeError("unexpected command");
    },
  };
  return { s3: s3 as never, puts, body: () => body };
}

describe("applyJobState", () => {
  it("records status, progress and errors", () => {
    expect(applyJobState({ id: "asset_1" }, event("PROGRESSING", "2026-01-01T00:00:00Z", { jobProgress: { jobPercentComplete: 40 } }))).toEqual({
      id: "asset_1",
      job: { id: "1515368087458-qnoxtd", status: "PROGRESSING", updatedAt: "2026-01-01T00:00:00Z", percentComplete: 40 },
    });
    expect(applyJobState({}, event("ERROR", "2026-01-01T00:01:00Z", { errorCode: 1040, errorMessage: "bad input" }))?.["job"]).toMatchObject({ status: "ERROR", error: { code: 1040, message: "bad input" } });
  });

  it("ignores late events of the same job", () => {
    const done = { job: { id: "1515368087458-qnoxtd", status: "COMPLETE", updatedAt: "2026-01-01T00:05:00Z" } };
    expect(applyJobState(done, event("PROGRESSING", "2026-01-01T00:04:00Z"))).toBeUndefined();
    const progressing = { job: { id: "1515368087458-qnoxtd", status: "PROGRESSING", updatedAt: "2026-01-01T00:05:00Z" } };
    expect(applyJobState(progressing, event("STATUS_UPDATE", "2026-01-01T00:04:00Z"))).toBeUndefined();
    expect(applyJobState(progressing, event("COMPLETE", "2026-01-01T00:04:59Z"))?.["job"]).toMatchObject({ status: "COMPLETE" });
  });
});

describe("handleEvent", () => {
  it("writes the record back with If-Match on the ETag it read", async () => {
    const fake = fakeS3(JSON.stringify({ id: "asset_1", title: "Talk" }));
    await expect(handleEvent(event("COMPLETE", "2026-01-01T00:00:00Z"), { s3: fake.s3, bucket: "b" })).resolves.toBe("updated");
    expect(fake.puts).toEqual([{ key: "assets/asset_1.json", ifMatch: '"v1"', body: expect.stringContaining('"status":"COMPLETE"') as string }]);
    expect(JSON.parse(fake.body() ?? "{}")).toMatchObject({ title: "Talk", job: { status: "COMPLETE" } });
  });

  it("re-reads and retries when a concurrent writer wins", async () => {
    const fake = fakeS3(JSON.stringify({ id: "asset_1" }), 2);
    await expect(handleEvent(event("COMPLETE", "2026-01-01T00:00:00Z"), { s3: fake.s3, bucket: "b" })).resolves.toBe("updated");
    expect(fake.puts).toHaveLength(1);
  });

  it("gives up (so EventBridge retries) after maxAttempts conflicts", async () => {
    const fake = fakeS3(JSON.stringify({ id: "asset_1" }), 10);
    await expect(handleEvent(event("COMPLETE", "2026-01-01T00:00:00Z"), { s3: fake.s3, bucket: "b", maxAttempts: 3 })).rejects.toThrow(/kept changing/);
  });

  it("skips events without a valid asset id and assets that do not exist", async () => {
    const fake = fakeS3(undefined);
    await expect(handleEvent(event("COMPLETE", "t", { userMetadata: { assetId: "../x" } }), { s3: fake.s3, bucket: "b" })).resolves.toBe("ignored");
    await expect(handleEvent(event("COMPLETE", "t"), { s3: fake.s3, bucket: "b" })).resolves.toBe("no-asset");
  });
});
