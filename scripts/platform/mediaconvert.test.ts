import { describe, expect, it } from "vitest";
import { parseConfig } from "#core/config/parse.ts";
import { isTributaryError } from "#core/errors.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { mediaConvertBackend } from "./mediaconvert.ts";

const mediaConvert = { region: "eu-west-1", jobTemplate: "tributary-prod-cmaf-ladder", roleArn: "arn:aws:iam::123456789012:role/tributary-mediaconvert" };
const events = { enqueue: () => undefined };

describe("mediaConvertBackend", () => {
  it("builds the adapter for S3 storage on AWS", async () => {
    const config = parseConfig({ storage: { kind: "s3", bucket: "tributary-media", region: "eu-west-1", prefix: "prod/" }, vod: { backend: "mediaconvert", mediaConvert } });
    expect((await mediaConvertBackend(config, new MemoryObjectStore(), events, "ffprobe")).name).toBe("mediaconvert");
  });

  it("refuses storage MediaConvert cannot reach", async () => {
    const config = parseConfig({ vod: { backend: "mediaconvert", mediaConvert } });
    const refused = await mediaConvertBackend(config, new MemoryObjectStore(), events, "ffprobe").catch((error: unknown) => error);
    expect(isTributaryError(refused, "config.invalid")).toBe(true);
  });
});
