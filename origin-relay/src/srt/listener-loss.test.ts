import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "./testing/listener-harness.ts";
import { countFrames, ffmpegSrtPublishArgs, srtCallerUrl, startTool } from "./testing/srt-tools.ts";
import { startUdpLossRelay, type UdpLossRelay } from "./testing/udp-loss-relay.ts";

// `tc qdisc … netem loss 5%` is not available here (this kernel has no sch_netem, and no gact action
// to drop at random); network namespaces and veth pairs work but cannot lose packets without it. A
// UDP relay in the path that drops a seeded 5 % of datagrams each way stands in for it.
let harness: Harness;
let relay: UdpLossRelay;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srt-loss-"));
  harness = startHarness();
  relay = await startUdpLossRelay(harness.listener.port, 0.05, 0x5eed);
});

afterAll(async () => {
  await harness.listener.close();
  await relay.close();
  await rm(dir, { recursive: true, force: true });
});

it("delivers a decodable stream through 5 % packet loss in both directions (SRT retransmits)", async () => {
  harness.listener.allow("cam-lossy", { passphrase: "pass-lossy-01" });
  const ffmpeg = await startTool("ffmpeg", ffmpegSrtPublishArgs(srtCallerUrl(relay.port, "#!::r=cam-lossy,m=publish", "pass-lossy-01"), 3)).done;
  expect(ffmpeg.code).toBe(0);
  const received = await harness.connectionFor("cam-lossy");
  expect(await received.ended).toBe("disconnected");
  expect(relay.dropped).toBeGreaterThan(10);
  const file = join(dir, "lossy.ts");
  await writeFile(file, await received.bytes);
  const frames = await countFrames(file);
  expect(frames.video).toBe(75);
  expect(frames.audio).toBeGreaterThan(100);
});
