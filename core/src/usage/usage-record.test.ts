// Media paths by kind: what usage records count and how the edge routes a live request.
import { describe, expect, it } from "vitest";
import { classifyMediaPath, resolutionTier, usageRecordSchema } from "./usage-record.ts";

describe("classifyMediaPath", () => {
  it("tells manifests, init segments, LL-HLS parts and segments apart", () => {
    expect(classifyMediaPath("master.m3u8")).toEqual({ kind: "manifest" });
    expect(classifyMediaPath("720p/index.m3u8")).toEqual({ kind: "manifest", rendition: "720p" });
    expect(classifyMediaPath("720p/init.mp4")).toEqual({ kind: "init", rendition: "720p" });
    expect(classifyMediaPath("720p/12.3.m4s")).toEqual({ kind: "part", rendition: "720p" });
    expect(classifyMediaPath("audio/0.0.m4s")).toEqual({ kind: "part", rendition: "audio" });
    expect(classifyMediaPath("720p/12.m4s")).toEqual({ kind: "segment", rendition: "720p" });
    expect(classifyMediaPath("720p/thumb.jpg")).toEqual({ kind: "other", rendition: "720p" });
  });

  it("counts every LL-HLS part as a part, never as a segment", () => {
    expect(classifyMediaPath("4.3.m4s")).toEqual({ kind: "part" });
    expect(classifyMediaPath("1080p/4.3.m4s")).toEqual({ kind: "part", rendition: "1080p" });
    expect(classifyMediaPath("1080p/4.m4s")).toEqual({ kind: "segment", rendition: "1080p" });
    expect(classifyMediaPath("1080p/40.12.m4s").kind).toBe("part");
  });

  it("knows every init version and content key requests", () => {
    expect(classifyMediaPath("720p/init-2.mp4")).toEqual({ kind: "init", rendition: "720p" });
    expect(classifyMediaPath("k/key1")).toEqual({ kind: "key" });
    expect(classifyMediaPath("720p/k/key1")).toEqual({ kind: "key" });
    expect(classifyMediaPath("720p/content.key")).toEqual({ kind: "key", rendition: "720p" });
  });

  it("meters downloads, storyboards and pictures as other, never as segments of a rendition", () => {
    expect(classifyMediaPath("download/highest.mp4")).toEqual({ kind: "other" });
    expect(classifyMediaPath("download/audio.m4a")).toEqual({ kind: "other" });
    expect(classifyMediaPath("storyboard.jpg")).toEqual({ kind: "other" });
    expect(classifyMediaPath("thumbnail.jpg")).toEqual({ kind: "other" });
  });
});

describe("resolutionTier", () => {
  it("puts 720p in HD and 2160p in UHD", () => {
    expect([480, 719, 720, 1080, 2159, 2160].map(resolutionTier)).toEqual(["SD", "SD", "HD", "HD", "HD", "UHD"]);
  });
});

describe("usageRecordSchema", () => {
  it("accepts an edge record and refuses one with fractional bytes or an unknown kind", () => {
    const record = { id: "r1", at: "2026-12-04T05:00:00.000Z", source: "edge", mediaId: "m1", kind: "segment", rendition: "720p", bytes: 1200, mediaSeconds: 2, status: 200, cacheHit: false };
    expect(usageRecordSchema.parse(record)).toEqual(record);
    expect(usageRecordSchema.safeParse({ ...record, bytes: 1.5 }).success).toBe(false);
    expect(usageRecordSchema.safeParse({ ...record, kind: "bogus" }).success).toBe(false);
  });
});
