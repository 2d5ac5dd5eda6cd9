import { describe, expect, it } from "vitest";
import { locateFfmpeg, parseFfmpegVersion } from "./locate.ts";

describe("locateFfmpeg", () => {
  it("finds the installed ffmpeg 5+ with libx264 on PATH", async () => {
    const tools = await locateFfmpeg();
    expect(tools.ffmpeg).toBe("ffmpeg");
    expect(tools.ffprobe).toBe("ffprobe");
    expect(tools.version?.major).toBeGreaterThanOrEqual(5);
  });

  it("says what to install when the configured path does not exist", async () => {
    await expect(locateFfmpeg({ ffmpegPath: "/nonexistent/ffmpeg" })).rejects.toMatchObject({
      code: "transcode.unavailable",
      fatal: true,
      message: expect.stringContaining("apt-get install ffmpeg"),
    });
  });

  it("rejects a program that is not ffmpeg", async () => {
    await expect(locateFfmpeg({ ffmpegPath: "false" })).rejects.toMatchObject({ code: "transcode.unavailable" });
  });

  it("rejects a missing ffprobe", async () => {
    await expect(locateFfmpeg({ ffprobePath: "/nonexistent/ffprobe" })).rejects.toMatchObject({ code: "transcode.unavailable" });
  });
});

describe("parseFfmpegVersion", () => {
  it.each([
    { text: "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026", version: { major: 5, minor: 1 } },
    { text: "ffmpeg version n6.1.1 Copyright", version: { major: 6, minor: 1 } },
    { text: "ffmpeg version 4.4.2-0ubuntu0.22.04.1", version: { major: 4, minor: 4 } },
    { text: "ffmpeg version N-113027-g6e6e5c1 Copyright", version: null },
  ])("$text", ({ text, version }) => expect(parseFfmpegVersion(text)).toEqual(version));
});
