import { readdirSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import { resolveSrtListenerConfig } from "./listener-config.ts";
import { startHarness } from "./testing/listener-harness.ts";
import { ffmpegSrtPublishArgs, srtCallerUrl, startTool, type RunningTool } from "./testing/srt-tools.ts";

const SRT_REJX_OVERLOAD = 1402;
const callers: RunningTool[] = [];

afterAll(async () => {
  for (const caller of callers) caller.child.kill("SIGKILL");
  await Promise.all(callers.map((caller) => caller.done));
});

/** An srt-live-transmit caller that connects and stays connected (no auto-reconnect once dropped). */
function idleCaller(port: number, streamId: string): RunningTool {
  const caller = startTool("srt-live-transmit", ["-q", "-a:no", "file://con", srtCallerUrl(port, streamId, "pass-idle-0001")]);
  callers.push(caller);
  return caller;
}

describe("SRT listener options", () => {
  it("reports every invalid option at once and rejects unknown ones", () => {
    let caught: unknown;
    try {
      resolveSrtListenerConfig({ port: 70_000, latencyMs: 1.5, payloadSize: 100, bogus: 1 } as never);
    } catch (error) {
      caught = error;
    }
    expect(isTributaryError(caught, "config.invalid")).toBe(true);
    expect((caught as { details: { problems: string[] } }).details.problems).toEqual([
      "port: must be an integer in [0, 65535]",
      "latencyMs: must be an integer in [0, 60000]",
      "payloadSize: must be an integer in [188, 1456]",
      "bogus: unknown option",
    ]);
  });

  it("fills defaults", () => {
    expect(resolveSrtListenerConfig({ port: 0 })).toMatchObject({ host: "0.0.0.0", port: 0, latencyMs: 120, payloadSize: 1316 });
  });
});

describe("SRT listener lifecycle", () => {
  it("checks allow() arguments before they reach the native table", async () => {
    const harness = startHarness();
    const { listener } = harness;
    expect(() => listener.allow("cam/1", { passphrase: "long-enough-1" })).toThrow(TypeError);
    expect(() => listener.allow("cam1", { keyHash: "sha256:abc" })).toThrow(TypeError);
    expect(() => listener.allow("cam1", { passphrase: "short" })).toThrow(TypeError);
    expect(() => listener.allow("cam1", { passphrase: "p".repeat(80) })).toThrow(TypeError);
    expect(() => listener.allow("cam1", {})).toThrow(TypeError);
    expect(listener.revoke("cam1")).toBe(false);
    await listener.close();
  });

  it("leaves no native thread behind after close()", async () => {
    // Linux: one entry per thread of this process. libsrt's own threads go too (srt_cleanup).
    const threads = () => readdirSync("/proc/self/task").length;
    const before = threads();
    const harness = startHarness();
    harness.listener.allow("cam-threads", { passphrase: "pass-idle-0001" });
    idleCaller(harness.listener.port, "#!::r=cam-threads,m=publish");
    const received = await harness.connectionFor("cam-threads");
    expect(threads()).toBeGreaterThan(before);
    await harness.listener.close();
    expect(await received.ended).toBe("listener-closed");
    expect(threads()).toBe(before);
  });

  it("refuses callers past maxConnections, closes one on request, and ends the rest on close()", async () => {
    const harness = startHarness(new Set(), { maxConnections: 1 });
    const { listener } = harness;
    for (const id of ["cam-one", "cam-two", "cam-three"]) listener.allow(id, { passphrase: "pass-idle-0001" });

    idleCaller(listener.port, "#!::r=cam-one,m=publish");
    const one = await harness.connectionFor("cam-one");
    const refused = await startTool("ffmpeg", ffmpegSrtPublishArgs(srtCallerUrl(listener.port, "#!::r=cam-two,m=publish", "pass-idle-0001"), 1)).done;
    expect(refused.code).not.toBe(0);
    expect(await harness.rejectionFor("#!::r=cam-two,m=publish")).toMatchObject({ code: SRT_REJX_OVERLOAD, reason: "max-connections" });

    one.connection.close();
    expect(await one.ended).toBe("closed");
    expect((await one.bytes).length).toBe(0);

    idleCaller(listener.port, "#!::r=cam-three,m=publish");
    const three = await harness.connectionFor("cam-three");
    expect(listener.connectionCount).toBe(1);
    await listener.close();
    expect(await three.ended).toBe("listener-closed");
    expect(listener.connectionCount).toBe(0);
  });
});
