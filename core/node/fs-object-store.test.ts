import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsObjectStore } from "./fs-object-store.ts";
import { bodyBytes } from "#core/storage/object-body.ts";
import { describeObjectStoreContract, expectCode, present } from "#core/testing/object-store-contract.ts";

let parent = "";
let counter = 0;
const freshRoot = () => join(parent, `store-${++counter}`);

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "tributary-fs-store-"));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describeObjectStoreContract("filesystem", async () => new FsObjectStore({ root: freshRoot() }), { conditionalWrites: true, byteOrderedNesting: true });

async function tree(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...(await tree(join(dir, entry.name), `${prefix}${entry.name}/`)));
    else out.push(prefix + entry.name);
  }
  return out.sort();
}

describe("FsObjectStore", () => {
  it("lays objects out below the root with escaped names, and nothing else", async () => {
    const store = new FsObjectStore({ root: freshRoot() });
    await store.put("media/m1/720p/1.m4s", "segment");
    await store.put("odd/50%~obj", "a name that looks like our suffix");
    await store.put("odd/a~tmp-00", "a name that looks like a temp file");
    expect(await tree(store.root)).toEqual(["media/m1/720p/1.m4s~obj", "odd/50%25%7Eobj~obj", "odd/a%7Etmp-00~obj"]);
    expect((await store.list({ prefix: "odd/" })).objects.map((o) => o.key)).toEqual(["odd/50%~obj", "odd/a~tmp-00"]);
    expect(new TextDecoder().decode(await bodyBytes(present(await store.get("odd/50%~obj")).body))).toBe("a name that looks like our suffix");
  });

  it("never lists temp files or stray files, and refuses a segment too long for a file name", async () => {
    const store = new FsObjectStore({ root: freshRoot() });
    await store.put("s/real", "1");
    await writeFile(join(store.root, "s", "real~tmp-0123456789abcdef"), "half-written");
    await writeFile(join(store.root, "s", "stray.txt"), "not ours");
    await mkdir(join(store.root, "s", "weird~dir"));
    expect((await store.list({ prefix: "" })).objects.map((o) => o.key)).toEqual(["s/real"]);
    await expectCode(store.put(`s/${"n".repeat(240)}`, "x"), "storage.invalid_key");
  });

  it("removes directories a delete leaves empty, and keeps the root", async () => {
    const store = new FsObjectStore({ root: freshRoot() });
    await store.put("a/b/c/one", "1");
    await store.put("a/two", "2");
    await store.delete("a/b/c/one");
    expect(await tree(store.root)).toEqual(["a/two~obj"]);
    await store.delete("a/two");
    expect(await readdir(store.root)).toEqual([]);
  });

  it("puts again into a directory removed behind its back, and leaves no temp files", async () => {
    const store = new FsObjectStore({ root: freshRoot() });
    await store.put("media/m1/720p/1.m4s", "one");
    await rm(join(store.root, "media"), { recursive: true });
    await store.put("media/m1/720p/2.m4s", "two");
    await store.put("media/m1/720p/2.m4s", "two again");
    await store.put("media/m1/720p/3.m4s", "three", { ifNoneMatch: "*" });
    expect(await tree(store.root)).toEqual(["media/m1/720p/2.m4s~obj", "media/m1/720p/3.m4s~obj"]);
    expect(new TextDecoder().decode(await bodyBytes(present(await store.get("media/m1/720p/2.m4s")).body))).toBe("two again");
  });

  it("reports a corrupt object file as storage.unavailable", async () => {
    const store = new FsObjectStore({ root: freshRoot(), durable: false });
    await store.put("x/ok", "fine");
    await writeFile(join(store.root, "x", "ok~obj"), "garbage without a header");
    await expectCode(store.head("x/ok"), "storage.unavailable");
  });

  it("publishes group-durable puts at once and flushes them together, even after some were deleted", async () => {
    const store = new FsObjectStore({ root: freshRoot() });
    await store.put("media/m1/source/0.m4s", "zero", { durability: "group" });
    await store.put("media/m1/source/index.m3u8", "#EXTM3U", { durability: "group" });
    expect(new TextDecoder().decode(await bodyBytes(present(await store.get("media/m1/source/0.m4s")).body))).toBe("zero");
    await store.delete("media/m1/source/0.m4s");
    await store.delete("media/m1/source/index.m3u8");
    await expect(store.flush()).resolves.toBeUndefined();
    await store.put("media/m1/source/1.m4s", "one", { durability: "group" });
    await store.flush();
    expect(await tree(store.root)).toEqual(["media/m1/source/1.m4s~obj"]);
  });

  it("publishes transient puts atomically, readable at once like any other", async () => {
    const store = new FsObjectStore({ root: freshRoot() });
    await store.put("media/m1/source/0.m4s", "zero", { durability: "transient" });
    await store.put("media/m1/source/0.m4s", "zero again", { durability: "transient" });
    expect(new TextDecoder().decode(await bodyBytes(present(await store.get("media/m1/source/0.m4s")).body))).toBe("zero again");
    await store.flush();
    expect(await tree(store.root)).toEqual(["media/m1/source/0.m4s~obj"]);
  });

  it("cannot presign", async () => {
    expect(await new FsObjectStore({ root: freshRoot() }).presign()).toBeUndefined();
  });

  it("lets exactly one of several processes create the same key with ifNoneMatch", async () => {
    const root = freshRoot();
    const script = `
      import { FsObjectStore } from "#core-node/fs-object-store.ts";
      const store = new FsObjectStore({ root: ${JSON.stringify(root)} });
      try { await store.put("race/once", process.argv[1], { ifNoneMatch: "*" }); console.log("won"); }
      catch (error) { console.log(error.code); }`;
    const run = promisify(execFile);
    const results = await Promise.all(
      ["p1", "p2", "p3", "p4"].map((name) => run(process.execPath, ["--input-type=module", "-e", script, name], { cwd: process.cwd() })),
    );
    const outcomes = results.map((r) => r.stdout.trim()).sort();
    expect(outcomes).toEqual(["storage.precondition_failed", "storage.precondition_failed", "storage.precondition_failed", "won"]);
    const winner = new TextDecoder().decode(await bodyBytes(present(await new FsObjectStore({ root }).get("race/once")).body));
    expect(["p1", "p2", "p3", "p4"]).toContain(winner);
  });
});
