/**
 * A transcode worker in its own process over a filesystem store, for tests that kill it mid-job:
 * `node worker-child.ts <storeRoot> <scratchDir> <leaseMs> <renewMs>`. Prints `ready` once polling.
 */
import { systemClock } from "#core/clock.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { locateFfmpeg } from "../../ffmpeg/locate.ts";
import { LocalTranscodeWorker } from "../local-worker.ts";

const [root = "", scratchDir = "", leaseMs = "2000", renewMs = "200"] = process.argv.slice(2);
const worker = new LocalTranscodeWorker({
  store: new FsObjectStore({ root, durable: false }),
  tools: await locateFfmpeg(),
  clock: systemClock,
  scratchDir,
  outbound: { allowPrivateTargets: false },
  policy: { concurrency: 1, leaseMs: Number(leaseMs), renewMs: Number(renewMs), pollMs: 100 },
});
worker.start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => void worker.close().then(() => process.exit(0)));
