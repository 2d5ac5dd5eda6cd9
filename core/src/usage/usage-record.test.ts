// Media paths by kind: what usage records count and how the edge routes a live request.
import { describe, expect, it } from "vitest";
import { classifyMediaPath } from "./usage-record.ts";

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
});
