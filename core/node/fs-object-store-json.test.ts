import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { readJson, updateJson } from "#core/storage/json.ts";
import { present } from "#core/testing/object-store-contract.ts";
import { FsObjectStore } from "./fs-object-store.ts";

let parent = "";
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "tributary-json-"));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

const counterSchema = z.object({ count: z.number().int().nonnegative(), writers: z.array(z.string()) });
type Counter = z.infer<typeof counterSchema>;
const increment = (writer: string) => (current: Counter | undefined): Counter => ({
  count: (current?.count ?? 0) + 1,
  writers: [...(current?.writers ?? []), writer],
});

describe("updateJson over the filesystem store", () => {
  it("loses no update when many writers on two stores over one directory race, from absent", async () => {
    const first = new FsObjectStore({ root: join(parent, "race") });
    const second = new FsObjectStore({ root: first.root });
    const writers = Array.from({ length: 12 }, (_, i) => `w${i}`);
    await Promise.all(
      writers.map((writer, i) => updateJson(i % 2 === 0 ? first : second, "records/race.json", increment(writer), { schema: counterSchema, retries: 100 })),
    );
    const final = present(await readJson(first, "records/race.json", counterSchema)).value;
    expect(final.count).toBe(12);
    expect([...final.writers].sort()).toEqual([...writers].sort());
  });
});
