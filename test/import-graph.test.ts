// House rules for the source tree, checked over every TypeScript file: no import cycles, and
// production code never imports test helpers (the testing/ folders).
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importCycles } from "./support/import-cycles.ts";
import { repositoryImportGraph } from "./support/import-graph.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const graph = repositoryImportGraph(root, ["core", "edge", "origin-relay", "transcoder", "infra", "scripts", "test", "bench"]);

/** Tests, fuzz targets, benchmarks, the cross-component suites and the testing/ folders themselves may use test helpers. */
const isTestSide = (file: string) => file.endsWith(".test.ts") || file.endsWith(".fuzz.ts") || file.startsWith("test/") || file.startsWith("bench/") || isTestHelper(file);
const isTestHelper = (file: string) => file.split("/").includes("testing");

describe("the import graph", () => {
  it("reads the whole source tree, through relative imports and #aliases", () => {
    expect(graph.size).toBeGreaterThan(400);
    expect(graph.get("origin-relay/src/rtmp/session/connection.ts")).toContain("origin-relay/src/rtmp/session/commands.ts");
    expect(graph.get("origin-relay/src/rtmp/session/connection.ts")).toContain("core/src/errors.ts");
  });

  it("has no import cycles", () => {
    expect(importCycles(graph).map((cycle) => cycle.path.join(" → "))).toEqual([]);
  });

  it("keeps test helpers (testing/ folders) out of production code", () => {
    const offending = [...graph].flatMap(([file, targets]) => (isTestSide(file) ? [] : targets.filter(isTestHelper).map((target) => `${file} → ${target}`)));
    expect(offending).toEqual([]);
  });
});
