import { describe, expect, it } from "vitest";
import { h264Level } from "./h264-level.ts";

describe("h264Level", () => {
  it.each([
    { size: "426x240@30 400k main", w: 426, h: 240, fps: 30, maxrate: 428_000, high: false, level: "2.1" },
    { size: "640x360@30 856k main", w: 640, h: 360, fps: 30, maxrate: 856_000, high: false, level: "3" },
    { size: "854x480@30 main", w: 854, h: 480, fps: 30, maxrate: 1_498_000, high: false, level: "3.1" },
    { size: "1280x720@30 high", w: 1280, h: 720, fps: 30, maxrate: 2_996_000, high: true, level: "3.1" },
    { size: "1280x720@60 high", w: 1280, h: 720, fps: 60, maxrate: 4_494_000, high: true, level: "3.2" },
    { size: "1920x1080@30 high", w: 1920, h: 1080, fps: 30, maxrate: 5_350_000, high: true, level: "4" },
    { size: "1920x1080@60 high", w: 1920, h: 1080, fps: 60, maxrate: 8_025_000, high: true, level: "4.2" },
    { size: "3840x2160@60 high", w: 3840, h: 2160, fps: 60, maxrate: 30_000_000, high: true, level: "5.2" },
  ])("$size → $level", ({ w, h, fps, maxrate, high, level }) => {
    expect(h264Level(w, h, fps, maxrate, high)).toBe(level);
  });
});
