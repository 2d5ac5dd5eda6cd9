import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveAsset } from "#core/records/assets.ts";
import { assetRecordSchema } from "#core/records/schemas.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { S3ObjectStore, type S3ObjectStoreOptions } from "#core-node/s3-object-store.ts";
import { startS3rver, type S3rverProcess } from "#core-node/testing/s3rver.ts";
import { createHandler, storeOptionsFromEnv } from "./mediaconvert-events.ts";

const ASSET = "01jmcfixtureasset000000000";
const fixture = async (name: string): Promise<unknown> => JSON.parse(await readFile(new URL(`../../core/src/vod/fixtures/mediaconvert/${name}.json`, import.meta.url), "utf8")) as unknown;

let s3: S3rverProcess;
let options: S3ObjectStoreOptions;

beforeAll(async () => {
  s3 = await startS3rver();
  options = { bucket: s3.bucket, region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials, prefix: "prod/" };
}, 30_000);

afterAll(async () => {
  await s3.stop();
});

describe("mediaconvert-events Lambda", () => {
  it("reads its bucket from the function's environment", () => {
    expect(storeOptionsFromEnv({ BUCKET_NAME: "media", AWS_REGION: "eu-west-1" })).toEqual({ bucket: "media", region: "eu-west-1", prefix: "" });
    expect(() => storeOptionsFromEnv({})).toThrow(/BUCKET_NAME/);
  });

  it("drives an asset on S3 to ready and writes its usage and webhook", async () => {
    const store = new S3ObjectStore(options);
    await saveAsset({ store }, { id: ASSET, tenantId: "t1", kind: "upload", createdAt: "2026-01-01T00:00:00Z", mediaId: ASSET, status: "queued", name: "talk", renditions: [], job: { backend: "mediaconvert", id: "1767225600000-abc123", progress: 0 } });
    const handle = createHandler(options);
    await expect(handle(await fixture("status-update-40"))).resolves.toBe("updated");
    await expect(handle(await fixture("complete"))).resolves.toBe("updated");
    await expect(handle(await fixture("status-update-80"))).resolves.toBe("unchanged");
    expect((await readJson(store, keys.asset(ASSET), assetRecordSchema))?.value).toMatchObject({ status: "ready", job: { progress: 1 } });
    expect((await store.list({ prefix: "usage/vod/" })).objects).toHaveLength(1);
    expect((await store.list({ prefix: keys.webhookOutboxEvents() })).objects).toHaveLength(1);
  });
});
