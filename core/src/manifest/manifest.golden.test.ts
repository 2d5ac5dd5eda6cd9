/** Golden pairs: every rewrite case is `fixtures/<case>/{input,expected}` plus `options.json`, compared whole. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rewriteManifest, type ManifestRewriteOptions } from "./rewrite-manifest.ts";

const root = join(import.meta.dirname, "fixtures");
const cases = readdirSync(root).sort();

describe("manifest rewrite golden pairs", () => {
  it("has a case for every rewrite", () => {
    expect(cases.length).toBeGreaterThanOrEqual(13);
  });

  it.each(cases)("%s", (name) => {
    const dir = join(root, name);
    const files = readdirSync(dir);
    const extension = files.includes("input.mpd") ? "mpd" : "m3u8";
    const options = JSON.parse(readFileSync(join(dir, "options.json"), "utf8")) as ManifestRewriteOptions & { path: string };
    const input = readFileSync(join(dir, `input.${extension}`), "utf8");
    const expected = readFileSync(join(dir, `expected.${extension}`), "utf8");
    expect(rewriteManifest(options.path, input, options)).toBe(expected);
  });
});
