/**
 * One run per server: the supervised platform (streams made through its API, viewers on signed edge
 * URLs), nginx-rtmp (viewers on its own http server), the transcoded ladder as bare ffmpeg, and the
 * platform idle (no streams) for its baseline memory. Every server is stopped whatever happens.
 */
import { loadavg } from "node:os";
import { relayLadderArgs, startBareFfmpeg } from "./bare-ffmpeg.ts";
import { measureRun, NO_PLAYBACK, type RunMeasurement } from "./measure-run.ts";
import { startNginxRtmp } from "../support/nginx-rtmp.ts";
import { startPlatformServer } from "./platform-server.ts";
import { treeSampler } from "./proc-usage.ts";

export interface RunSettings {
  file: string;
  /** The source file's size over its duration. */
  sourceBytesPerSecond: number;
  seconds: number;
  warmupSeconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `ladder` is the stream's ladder profile (`passthrough` or `default`); `captureArgs` gets the relay's ladder argv mid-run. */
export async function platformRun(settings: RunSettings, streams: number, ladder: string, captureArgs?: (args: string[]) => void): Promise<RunMeasurement> {
  const server = await startPlatformServer();
  try {
    const created = await server.createStreams(streams, { ladder });
    return await measureRun({
      ...settings,
      urls: created.map((s) => s.publishUrl),
      viewers: created.map((s) => ({ url: s.playbackUrl, multivariant: true })),
      serverPids: () => [server.pid],
      ...(captureArgs ? { midRun: async () => void (await relayLadderArgs(server.pid).then((args) => args && captureArgs(args))) } : {}),
    });
  } finally {
    await server.stop();
  }
}

export async function nginxRun(settings: RunSettings, streams: number): Promise<RunMeasurement> {
  const server = await startNginxRtmp({ workerConnections: 4096 });
  try {
    const names = Array.from({ length: streams }, (_, i) => `bench${i}`);
    return await measureRun({
      ...settings,
      urls: names.map(server.publishUrl),
      viewers: names.map((name) => ({ url: server.playlistUrl(name), multivariant: false })),
      serverPids: () => [server.pid],
    });
  } finally {
    await server.stop();
  }
}

export async function bareRun(settings: RunSettings, streams: number, args: string[]): Promise<RunMeasurement> {
  const bare = startBareFfmpeg(args, streams, settings.seconds);
  const startedAt = performance.now();
  const sampler = treeSampler(bare.pids);
  await sleep(settings.warmupSeconds * 1000);
  await sampler.start();
  await sleep(Math.max(0, startedAt + (settings.seconds - 0.5) * 1000 - performance.now()));
  const usage = await sampler.stop();
  await bare.exited;
  return { usage, ...NO_PLAYBACK, publishersFailed: 0, publisherStartSeconds: undefined, loadAverage: loadavg()[0] ?? 0 };
}

/** The platform with no streams: every process up and settled, sampled for `seconds`. */
export async function idleRun(seconds: number): Promise<RunMeasurement> {
  const server = await startPlatformServer();
  try {
    await sleep(3_000);
    const sampler = treeSampler([server.pid]);
    await sampler.start();
    await sleep(seconds * 1000);
    const usage = await sampler.stop();
    return { usage, ...NO_PLAYBACK, publishersFailed: 0, publisherStartSeconds: undefined, loadAverage: loadavg()[0] ?? 0 };
  } finally {
    await server.stop();
  }
}
