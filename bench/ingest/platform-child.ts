/**
 * Runs the platform's relay alone in its own process so its CPU and memory (with its ffmpeg children)
 * can be measured apart from the publishers and the bench. Talks to the parent over the IPC channel:
 * sends `ready` with its ports and storage root, answers `create` with new stream keys, exits on `stop`.
 */
import { createStream } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { startTestPlatform } from "#test/support/platform.ts";

export type ChildRequest = { type: "create"; count: number; ladder: string | Record<string, unknown>[] } | { type: "stop" };

export type ChildReply =
  | { type: "ready"; rtmpPort: number; storageRoot: string }
  | { type: "created"; streams: { streamId: string; streamKey: string }[] }
  | { type: "stopped" };

function send(reply: ChildReply): void {
  process.send?.(reply);
}

// The relay only: the edge would add its own work to the measured process, and the bench reads
// playlists straight from storage.
const platform = await startTestPlatform({ role: "relay" });
const rtmpPort = platform.relay?.rtmpPort;
if (rtmpPort === undefined) throw new Error("the platform started without a relay");

process.on("message", (message: ChildRequest) => {
  void (async () => {
    if (message.type === "create") {
      const streams = [];
      for (let i = 0; i < message.count; i++) {
        const { stream, streamKey } = await createStream(platform.records, LOCAL_TENANT_ID, { name: `bench-${i}`, ladder: message.ladder });
        streams.push({ streamId: stream.id, streamKey });
      }
      send({ type: "created", streams });
    } else {
      await platform.stop();
      send({ type: "stopped" });
      process.disconnect();
    }
  })();
});

send({ type: "ready", rtmpPort, storageRoot: `${platform.dataDir}/storage` });
