// Golden files of the passthrough (copy) output: a fixed FLV's tags go through the classes the relay
// uses (FlvSource → session pipeline → PackageWriter) without sockets, with a fixed clock, and every
// stored object (headers, segments, playlists, MPD) is compared whole, byte for byte.
// Regenerate only on purpose: TRIBUTARY_UPDATE_GOLDENS=1 npx vitest run <this file>.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { createLogger } from "#core-node/logger.ts";
import { PackageWriter } from "#transcoder/cmaf/package-writer.ts";
import { parseLadderConfig } from "#core/ladder/config.ts";
import { selectLadder } from "#transcoder/ladder/select.ts";
import { renditionConfigs } from "#transcoder/pipeline/renditions.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedBytes, storedKeys } from "#core/testing/stored-objects.ts";
import { bytesUnit, type SourceUnit } from "../demux/source-unit.ts";
import { FlvReader } from "../flv/reader.ts";
import { FlvSource } from "./flv-source.ts";
import type { SessionInput, SessionTarget } from "./session-input.ts";
import { createSessionPipeline, type SessionPipeline } from "./session-pipeline.ts";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "passthrough");
const expectedDir = join(fixtures, "expected");
const update = process.env.TRIBUTARY_UPDATE_GOLDENS === "1";

/** Stands in for the Broadcast: the first `open` fits the ladder and the package, then bytes flow to the pipeline. */
async function packagePassthrough(flv: Uint8Array, chunkSize: number): Promise<MemoryObjectStore> {
  const store = new MemoryObjectStore();
  const clock = new ManualClock();
  let pipeline: SessionPipeline | undefined;
  let writer: PackageWriter | undefined;
  const target: SessionTarget = {
    open(input: SessionInput, held: SourceUnit[]) {
      const video = input.codecInfo.video;
      const ladder = selectLadder(
        { width: video?.width ?? 0, height: video?.height ?? 0, fps: 15, videoCodec: "h264", hasAudio: input.hasAudio },
        parseLadderConfig({ passthrough: true, rungs: [] }),
      );
      const packageWriter = new PackageWriter({ store, mediaId: "golden", renditions: renditionConfigs(ladder), clock, targetDuration: ladder.segmentDuration });
      writer = packageWriter;
      pipeline = createSessionPipeline(ladder, input, {
        tools: { ffmpeg: "ffmpeg-not-used", ffprobe: "ffprobe-not-used", version: null },
        sinks: [{ handle: (rendition, event) => packageWriter.handle(rendition, event) }],
        log: createLogger("golden", "silent"),
      });
      const header = input.header(ladder.audio !== null);
      if (header) pipeline.write(bytesUnit(header));
      for (const unit of held) pipeline.write(unit);
    },
    write(unit: SourceUnit) {
      pipeline?.write(unit);
    },
  };
  const source = new FlvSource(target);
  const reader = new FlvReader();
  // Uneven chunks, as a socket delivers them.
  for (let at = 0; at < flv.byteLength; at += chunkSize) for (const tag of reader.push(flv.subarray(at, at + chunkSize))) source.onTag(tag);
  expect(pipeline).toBeDefined();
  await pipeline?.end();
  await writer?.finish();
  return store;
}

describe("passthrough golden output", () => {
  it("packages the fixed FLV into exactly the committed headers, segments and playlists", async () => {
    const flv = new Uint8Array(readFileSync(join(fixtures, "input.flv")));
    const store = await packagePassthrough(flv, 4093);
    const stored = await storedKeys(store);
    const name = (key: string) => key.replace(/^.*?golden\//, "").replaceAll("/", "__");
    if (update) {
      mkdirSync(expectedDir, { recursive: true });
      for (const key of stored) writeFileSync(join(expectedDir, name(key)), (await storedBytes(store, key)) ?? new Uint8Array());
    }
    expect(stored.map(name).sort()).toEqual(readdirSync(expectedDir).sort());
    for (const key of stored) {
      const expected = new Uint8Array(readFileSync(join(expectedDir, name(key))));
      const actual = (await storedBytes(store, key)) ?? new Uint8Array();
      if (/\.(m3u8|mpd)$/.test(key)) expect(new TextDecoder().decode(actual), key).toBe(new TextDecoder().decode(expected));
      else expect(Buffer.compare(Buffer.from(actual), Buffer.from(expected)), key).toBe(0);
    }
  });

  it("does not depend on how the input is chunked", async () => {
    const flv = new Uint8Array(readFileSync(join(fixtures, "input.flv")));
    const [a, b] = await Promise.all([packagePassthrough(flv, 4093), packagePassthrough(flv, 65536)]);
    const keys = await storedKeys(a);
    expect(await storedKeys(b)).toEqual(keys);
    for (const key of keys) expect(Buffer.compare(Buffer.from((await storedBytes(a, key)) ?? []), Buffer.from((await storedBytes(b, key)) ?? [])), key).toBe(0);
  });
});
