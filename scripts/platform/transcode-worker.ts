/** The local transcode worker as the platform runs it, from the `vod` config section. */
import { join } from "node:path";
import { systemClock } from "#core/clock.ts";
import type { TributaryConfig } from "#core/config/schema.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { AssetEvents } from "#core/vod/asset-state.ts";
import type { Logger } from "#core-node/logger.ts";
import type { FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import { LocalTranscodeWorker, type WorkerPolicy } from "#transcoder/vod/local-worker.ts";
import type { QueuedJobContext } from "#transcoder/vod/run-queued-job.ts";

export type { WorkerPolicy };

export interface WorkerParts {
  store: ObjectStore;
  tools: FfmpegTools;
  log: Logger;
  events: AssetEvents;
  policy?: Partial<WorkerPolicy>;
  usage?: QueuedJobContext["usage"];
  contentKeys?: QueuedJobContext["contentKeys"];
}

export function startTranscodeWorker(config: TributaryConfig, parts: WorkerParts): LocalTranscodeWorker {
  const worker = new LocalTranscodeWorker({
    store: parts.store,
    tools: parts.tools,
    clock: systemClock,
    scratchDir: join(config.dataDir, "transcode"),
    outbound: { allowPrivateTargets: config.vod.allowPrivateSources, setting: "vod.allowPrivateSources" },
    log: parts.log,
    events: parts.events,
    usage: parts.usage,
    contentKeys: parts.contentKeys,
    policy: {
      ...(config.vod.concurrency === undefined ? {} : { concurrency: config.vod.concurrency }),
      jobTimeoutMs: config.vod.jobTimeoutSeconds * 1000,
      leaseMs: config.vod.leaseSeconds * 1000,
      ...parts.policy,
    },
  });
  worker.start();
  return worker;
}
