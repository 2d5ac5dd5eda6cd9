import { describe, expect, it } from "vitest";
import { encodeUsageRecords } from "./encode-usage.ts";
import { usageRecordSchema } from "./usage-record.ts";

const job = { jobId: "job1", mediaId: "vod1", tenantId: "t1", startedAt: "2026-12-04T10:59:58.250Z" };

describe("encodeUsageRecords", () => {
  it("gives one encode record per encoded rendition, with its tier by the short side, under the job's start", () => {
    const records = encodeUsageRecords(job, [
      { name: "1080p", kind: "video", width: 1920, height: 1080, mediaSeconds: 10.01, bytes: 5_000_000 },
      { name: "portrait", kind: "video", width: 720, height: 1280, mediaSeconds: 10.01, bytes: 2_000_000 },
      { name: "360p", kind: "video", width: 640, height: 360, mediaSeconds: 10.01, bytes: 500_000 },
      { name: "source", kind: "video", width: 3840, height: 2160, mediaSeconds: 10.01, bytes: 9_000_000, encoded: false },
      { name: "audio", kind: "audio", mediaSeconds: 10.022, bytes: 160_000 },
    ]);
    expect(records.map((r) => [r.id, r.rendition, r.tier, r.mediaSeconds, r.bytes])).toEqual([
      ["enc-job1-1080p", "1080p", "HD", 10.01, 5_000_000],
      ["enc-job1-portrait", "portrait", "HD", 10.01, 2_000_000],
      ["enc-job1-360p", "360p", "SD", 10.01, 500_000],
      ["enc-job1-audio", "audio", undefined, 10.022, 160_000],
    ]);
    for (const record of records) expect(usageRecordSchema.parse(record)).toMatchObject({ source: "vod", kind: "encode", tenantId: "t1", mediaId: "vod1", at: "2026-12-04T10:59:58.250Z" });
  });

  it("names the same records again when the same job reports twice", () => {
    const renditions = [{ name: "720p", kind: "video" as const, width: 1280, height: 720, mediaSeconds: 4, bytes: 1 }];
    expect(encodeUsageRecords(job, renditions)).toEqual(encodeUsageRecords(job, renditions));
    expect(encodeUsageRecords({ ...job, jobId: "job2" }, renditions)[0]?.id).toBe("enc-job2-720p");
  });
});
