// The stream view returns the relay's whole ingest-health record (core/src/records/ingest-health.ts):
// every field the relay measures reaches the API, and keys a newer relay adds are dropped, not fatal.
import { beforeEach, describe, expect, it } from "vitest";
import type { IngestHealth } from "#core/records/ingest-health.ts";
import { keys } from "#core/storage/keys.ts";
import { apiKit, json, type ApiKit } from "../testing/api-test-kit.ts";

let kit: ApiKit;
beforeEach(async () => {
  kit = await apiKit();
});

async function liveStream(): Promise<string> {
  const created = (await json(await kit.call(kit.acme, "POST", "/streams", { name: "Main" }))) as unknown as { id: string };
  const origin = { streamId: created.id, mediaId: "media1", tenantId: "acme", originUrl: "http://10.0.0.5:8080", relayId: "r1", startedAt: new Date(0).toISOString(), heartbeatAt: new Date(kit.clock.now()).toISOString(), state: "live" };
  await kit.ctx.store.put(keys.liveOrigin(created.id), JSON.stringify(origin));
  return created.id;
}

const health = (streamId: string): IngestHealth => ({
  streamId,
  measuredAt: new Date(0).toISOString(),
  state: "live",
  bitrate: 4_500_000,
  fps: 30,
  keyframeIntervalSeconds: 2,
  video: { codec: "avc1.64001f", width: 1280, height: 720, frameRate: 30, profile: "High", level: 3.1 },
  audio: { codec: "mp4a.40.2", sampleRate: 48000, channels: 2 },
  transcoder: { speed: 1.02, droppedFrames: 3, duplicatedFrames: 0 },
  lateFrames: 1,
  warnings: [{ code: "dropped_frames", message: "3 frames dropped by the transcoder" }],
  advisories: [{ code: "bitrate_spike", message: "busiest second carried 3× the average bit rate" }],
});

const viewHealth = async (streamId: string) => ((await json(await kit.call(kit.acme, "GET", `/streams/${streamId}`))) as unknown as { health?: unknown }).health;

describe("stream view ingest health", () => {
  it("returns every field of the record the relay wrote", async () => {
    const id = await liveStream();
    await kit.ctx.store.put(keys.ingestHealth(id), JSON.stringify(health(id)));
    expect(await viewHealth(id)).toEqual(health(id));
  });

  it("drops keys it does not know yet instead of hiding the whole record", async () => {
    const id = await liveStream();
    await kit.ctx.store.put(keys.ingestHealth(id), JSON.stringify({ ...health(id), futureField: 1, transcoder: { ...health(id).transcoder, futureCounter: 2 } }));
    expect(await viewHealth(id)).toEqual(health(id));
  });

  it("hides health while the stream is idle", async () => {
    const created = (await json(await kit.call(kit.acme, "POST", "/streams", { name: "Idle" }))) as unknown as { id: string };
    await kit.ctx.store.put(keys.ingestHealth(created.id), JSON.stringify(health(created.id)));
    expect(await viewHealth(created.id)).toBeUndefined();
  });
});
