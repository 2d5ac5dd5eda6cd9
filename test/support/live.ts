/** Live e2e helpers: the platform with test relay options, a recorded webhook feed, and bounded storage polls. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "#core/config/parse.ts";
import { createStream, type StreamSettings } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { liveOriginSchema, type LiveOrigin, type StreamRecord } from "#core/records/schemas.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import type { WebhookEventType } from "#core/webhooks/events.ts";
import { createLogger } from "#core-node/logger.ts";
import { startPlatform, type PlatformOptions, type RunningPlatform } from "../../scripts/platform/platform.ts";

export interface RecordedEvent {
  type: WebhookEventType;
  data: Record<string, unknown>;
}

export interface LivePlatform extends RunningPlatform {
  events: RecordedEvent[];
  stop(): Promise<void>;
}

export async function startLivePlatform(relay: PlatformOptions["relay"] = {}): Promise<LivePlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), "tributary-live-"));
  const config = parseConfig({ dataDir, logLevel: "warn", edge: { port: 0 }, relay: { rtmpPort: 0, rtmpsPort: 0, srtPort: 0, httpPort: 0 } });
  const events: RecordedEvent[] = [];
  const platform = await startPlatform(config, {
    log: createLogger("e2e", process.env["TRIBUTARY_TEST_LOG"] === "1" ? "info" : "warn"),
    relay: { healthIntervalMs: 500, thumbnailIntervalSeconds: 4, webhooks: { enqueue: (_tenant, type, data) => events.push({ type, data }) }, ...relay },
  });
  return {
    ...platform,
    events,
    async stop() {
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One small rung, fast to encode on two shared cores. */
export const smallLadder = [{ name: "360p", width: 640, height: 360, bitrate: 600_000, preset: "ultrafast" }];

export async function createLiveStream(platform: RunningPlatform, settings: StreamSettings = {}): Promise<{ stream: StreamRecord; streamKey: string }> {
  const created = await createStream(platform.records, LOCAL_TENANT_ID, { name: "e2e", ladder: smallLadder, ...settings });
  return { stream: created.stream, streamKey: created.streamKey };
}

/** Polls `probe` every 200 ms until it returns a value, failing after `timeoutMs` (storage has no change feed). */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function livePointer(platform: Pick<RunningPlatform, "store">, streamId: string): Promise<LiveOrigin | undefined> {
  return (await readJson(platform.store, keys.liveOrigin(streamId), liveOriginSchema))?.value;
}

export async function text(platform: Pick<RunningPlatform, "store">, key: string): Promise<string | undefined> {
  const object = await platform.store.get(key);
  return object === undefined ? undefined : new Response(object.body).text();
}

/** Resolves once the stream's live pointer says its broadcast has ended (playlists are final then). */
export async function waitForEnded(platform: RunningPlatform, streamId: string): Promise<void> {
  await until("the broadcast to end", async () => ((await livePointer(platform, streamId))?.state === "ended" ? true : undefined), 20_000);
}
