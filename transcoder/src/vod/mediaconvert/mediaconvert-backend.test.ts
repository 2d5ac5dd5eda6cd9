import { readFileSync } from "node:fs";
import { MediaConvertClient } from "@aws-sdk/client-mediaconvert";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cryptoRandom, systemClock } from "#core/clock.ts";
import type { SpekeProviderConfig } from "#core/drm/speke/speke-config.ts";
import { isTributaryError } from "#core/errors.ts";
import { assetRecordSchema, type AssetRecord } from "#core/records/schemas.ts";
import { readJson, updateJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { createAsset } from "#core/vod/uploads.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { tempDir } from "../../ffmpeg/testing/media.ts";
import { MediaConvertBackend } from "./mediaconvert-backend.ts";
import type { TemplateLadder } from "./job-input.ts";
import { startMediaConvertServer, type MediaConvertServer } from "./testing/mediaconvert-server.ts";

const TEMPLATE = JSON.parse(readFileSync(new URL("../../../../infra/mediaconvert/cmaf-ladder.json", import.meta.url), "utf8")) as TemplateLadder;
const TARGET = {
  jobTemplate: "tributary-prod-cmaf-ladder",
  queueArn: "arn:aws:mediaconvert:us-east-1:111122223333:queues/tributary-prod",
  roleArn: "arn:aws:iam::111122223333:role/tributary-mediaconvert",
  bucket: "tributary-media",
  prefix: "prod/",
};
const LIMITS = { maxSizeBytes: 1024 ** 3, maxDurationSeconds: 600 };
const SPEKE: SpekeProviderConfig = {
  url: "https://speke.example.com/v2/copyProtection",
  systems: ["widevine", "playready", "fairplay"],
  timeoutMs: 5_000,
  auth: { kind: "sigv4", region: "us-east-1", service: "execute-api", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
};

let dir: string;
let cleanup: () => Promise<void>;
let store: FsObjectStore;
let server: MediaConvertServer;
let backend: MediaConvertBackend;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("mediaconvert-"));
  store = new FsObjectStore({ root: `${dir}/store`, durable: false });
  server = await startMediaConvertServer();
  const client = new MediaConvertClient({ region: "us-east-1", endpoint: server.endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
  backend = new MediaConvertBackend({ store, client, target: TARGET, template: TEMPLATE, speke: { config: async (tenantId) => (tenantId === "t-drm" ? SPEKE : undefined) } });
});

afterAll(async () => {
  await server.close();
  await cleanup();
});

beforeEach(() => {
  server.requests.length = 0;
});

async function asset(tenantId: string, encryption: AssetRecord["encryption"] = "none"): Promise<AssetRecord> {
  const created = await createAsset({ store, clock: systemClock, random: cryptoRandom }, tenantId, { name: "talk" });
  if (encryption === "none") return created;
  return (await updateJson<AssetRecord>(store, keys.asset(created.id), (current) => ({ ...(current as AssetRecord), encryption }), { schema: assetRecordSchema })).value;
}

async function stored(id: string): Promise<AssetRecord | undefined> {
  return (await readJson(store, keys.asset(id), assetRecordSchema))?.value;
}

interface WireJob {
  jobTemplate: string;
  role: string;
  queue: string;
  userMetadata: Record<string, string>;
  settings: { inputs: Array<{ fileInput: string }>; outputGroups: Array<{ outputGroupSettings: { cmafGroupSettings: Record<string, unknown> }; outputs: Array<{ nameModifier: string; videoDescription?: { height?: number } }> }> };
}

describe("MediaConvertBackend", () => {
  it("creates the job from the template with the asset's input, destination, fitted ladder and metadata", async () => {
    const a = await asset("t1");
    const status = await backend.submit({ assetId: a.id, tenantId: "t1", mediaId: a.mediaId, source: { kind: "object", key: keys.uploadStaging("up1") }, limits: LIMITS, sourceVideo: { width: 1280, height: 720 } });
    expect(status).toEqual({ jobId: a.id, state: "queued", progress: 0 });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /2017-08-29/jobs"]);
    const job = server.requests[0]?.body as WireJob;
    expect(job.jobTemplate).toBe(TARGET.jobTemplate);
    expect(job.role).toBe(TARGET.roleArn);
    expect(job.queue).toBe(TARGET.queueArn);
    expect(job.userMetadata).toEqual({ assetId: a.id, tenantId: "t1", mediaId: a.mediaId });
    expect(job.settings.inputs).toEqual([{ fileInput: `s3://tributary-media/prod/${keys.uploadStaging("up1")}` }]);
    const [group] = job.settings.outputGroups;
    expect(group?.outputGroupSettings.cmafGroupSettings["destination"]).toBe(`s3://tributary-media/prod/media/${a.mediaId}/master`);
    expect(group?.outputGroupSettings.cmafGroupSettings["segmentLength"]).toBe(2);
    expect(group?.outputGroupSettings.cmafGroupSettings["encryption"]).toBeUndefined();
    expect(group?.outputs.map((o) => o.nameModifier)).toEqual(["_720p", "_480p", "_360p", "_240p", "_audio"]);
    expect(await stored(a.id)).toMatchObject({ status: "queued", job: { backend: "mediaconvert", id: "1767225600000-abc123", progress: 0 } });
    await expect(backend.status(a.id)).resolves.toEqual({ jobId: a.id, state: "queued", progress: 0 });
  });

  it("keeps one video rung at source size for a source below the smallest rung", async () => {
    const a = await asset("t1");
    await backend.submit({ assetId: a.id, tenantId: "t1", mediaId: a.mediaId, source: { kind: "url", url: "https://cdn.example.com/tiny.mp4" }, limits: LIMITS, sourceVideo: { width: 320, height: 180 } });
    const job = server.requests[0]?.body as WireJob;
    expect(job.settings.inputs[0]?.fileInput).toBe("https://cdn.example.com/tiny.mp4");
    const outputs = job.settings.outputGroups[0]?.outputs ?? [];
    expect(outputs.map((o) => [o.nameModifier, o.videoDescription?.height])).toEqual([["_240p", undefined], ["_audio", undefined]]);
  });

  it("adds SPEKE encryption for a cbcs asset of a tenant with a provider", async () => {
    const a = await asset("t-drm", "cbcs");
    await backend.submit({ assetId: a.id, tenantId: "t-drm", mediaId: a.mediaId, source: { kind: "object", key: "assets/uploads/x.mp4" }, limits: LIMITS, sourceVideo: { width: 1920, height: 1080 } });
    const group = (server.requests[0]?.body as WireJob).settings.outputGroups[0];
    expect(group?.outputs).toHaveLength(6);
    expect(group?.outputGroupSettings.cmafGroupSettings["encryption"]).toEqual({
      encryptionMethod: "SAMPLE_AES",
      type: "SPEKE",
      spekeKeyProvider: {
        resourceId: a.id,
        url: SPEKE.url,
        dashSignaledSystemIds: ["edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", "9a04f079-9840-4286-ab92-e65be0885f95"],
        hlsSignaledSystemIds: ["edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", "9a04f079-9840-4286-ab92-e65be0885f95", "94ce86fb-07ff-4f43-adb8-93d2fa968ca2"],
        encryptionContractConfiguration: { spekeAudioPreset: "SHARED", spekeVideoPreset: "SHARED" },
      },
    });
  });

  it("refuses an encrypted asset whose tenant has no provider, and a source on local disk, before calling MediaConvert", async () => {
    const drm = await asset("t1", "cenc");
    const refused = await backend.submit({ assetId: drm.id, tenantId: "t1", mediaId: drm.mediaId, source: { kind: "object", key: "k" }, limits: LIMITS }).catch((error: unknown) => error);
    expect(isTributaryError(refused, "transcode.unavailable")).toBe(true);
    const local = await asset("t1");
    const onDisk = await backend.submit({ assetId: local.id, tenantId: "t1", mediaId: local.mediaId, source: { kind: "file", path: "/tmp/x.mp4" }, limits: LIMITS }).catch((error: unknown) => error);
    expect(isTributaryError(onDisk, "transcode.unavailable")).toBe(true);
    expect(server.requests).toEqual([]);
  });

  it("probes a source the upload path did not, cutting the ladder to it, and errors a source without video before any job", async () => {
    const probed: string[] = [];
    const client = new MediaConvertClient({ region: "us-east-1", endpoint: server.endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
    const probing = new MediaConvertBackend({
      store,
      client,
      target: TARGET,
      template: TEMPLATE,
      probe: async (source) => {
        const key = source.kind === "object" ? source.key : "";
        probed.push(key);
        return key.endsWith("audio-only") ? undefined : { width: 854, height: 480 };
      },
    });
    const a = await asset("t1");
    await probing.submit({ assetId: a.id, tenantId: "t1", mediaId: a.mediaId, source: { kind: "object", key: "temp/uploads/video" }, limits: LIMITS });
    expect((server.requests[0]?.body as WireJob).settings.outputGroups[0]?.outputs.map((o) => o.nameModifier)).toEqual(["_480p", "_360p", "_240p", "_audio"]);
    const silent = await asset("t1");
    const status = await probing.submit({ assetId: silent.id, tenantId: "t1", mediaId: silent.mediaId, source: { kind: "object", key: "temp/uploads/audio-only" }, limits: LIMITS });
    expect(status).toMatchObject({ state: "errored", error: { code: "media.invalid" } });
    expect(await stored(silent.id)).toMatchObject({ status: "errored", error: { code: "media.invalid" } });
    expect(probed).toEqual(["temp/uploads/video", "temp/uploads/audio-only"]);
    expect(server.requests).toHaveLength(1);
  });

  it("cancels the job with CancelJob and errors the asset", async () => {
    const a = await asset("t1");
    await backend.submit({ assetId: a.id, tenantId: "t1", mediaId: a.mediaId, source: { kind: "object", key: "k" }, limits: LIMITS });
    await backend.cancel(a.id);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /2017-08-29/jobs", "DELETE /2017-08-29/jobs/1767225600000-abc123"]);
    expect(await stored(a.id)).toMatchObject({ status: "errored", error: { code: "transcode.canceled" } });
    await backend.cancel(a.id);
    expect(server.requests).toHaveLength(2);
  });
});
