// The import-graph reader and cycle finder on small inputs, so the repository-wide check can be trusted.
import { describe, expect, it } from "vitest";
import { importCycles } from "./import-cycles.ts";
import { importAliases, importGraph, resolveSpecifier, staticSpecifiers } from "./import-graph.ts";

const aliases = importAliases({ "#core/*": "./core/src/*", "#relay/*": "./origin-relay/src/*" });

describe("staticSpecifiers", () => {
  it("reads imports, type imports, side-effect imports and re-exports, across lines", () => {
    const source = [
      'import { a, type B } from "./a.ts";',
      'import type { C } from "#core/c.ts";',
      "import {",
      "  d,",
      "  e,",
      '} from "../d.ts";',
      'import "./side-effect.ts";',
      'export * from "./all.ts";',
      'export { f } from "./f.ts";',
      "export type { G } from './g.ts';",
      'import * as path from "node:path";',
    ].join("\n");
    expect(staticSpecifiers(source)).toEqual(["./a.ts", "#core/c.ts", "../d.ts", "./side-effect.ts", "./all.ts", "./f.ts", "./g.ts", "node:path"]);
  });

  it("ignores dynamic imports, declarations, strings and doc comments", () => {
    const source = [
      "/**",
      ' * import { x } from "./in-a-comment.ts";',
      " */",
      'export const name = "./not-an-import.ts";',
      'export function load() { return import("./dynamic.ts"); }',
      'const text = `import y from "./in-a-template.ts"`;',
    ].join("\n");
    expect(staticSpecifiers(source)).toEqual([]);
  });
});

describe("resolveSpecifier", () => {
  it("resolves relative paths and package.json aliases, and leaves packages alone", () => {
    expect(resolveSpecifier("edge/src/api/routes.ts", "../app.ts", aliases)).toBe("edge/src/app.ts");
    expect(resolveSpecifier("edge/src/api/routes.ts", "./auth.ts", aliases)).toBe("edge/src/api/auth.ts");
    expect(resolveSpecifier("test/live.test.ts", "#relay/rtmp/server.ts", aliases)).toBe("origin-relay/src/rtmp/server.ts");
    expect(resolveSpecifier("test/live.test.ts", "hono", aliases)).toBeUndefined();
    expect(resolveSpecifier("test/live.test.ts", "node:fs", aliases)).toBeUndefined();
  });
});

describe("importCycles", () => {
  const graphOf = (sources: Record<string, string>) => importGraph(Object.keys(sources), (file) => sources[file] ?? "", aliases);

  it("finds a cycle through an alias and prints it from its first file", () => {
    const graph = graphOf({
      "core/src/a.ts": 'import { b } from "./b.ts";',
      "core/src/b.ts": 'import { c } from "#core/c.ts";',
      "core/src/c.ts": 'import type { A } from "./a.ts";\nimport { d } from "./d.ts";',
      "core/src/d.ts": "export const d = 1;",
    });
    expect(importCycles(graph)).toEqual([{ files: ["core/src/a.ts", "core/src/b.ts", "core/src/c.ts"], path: ["core/src/a.ts", "core/src/b.ts", "core/src/c.ts", "core/src/a.ts"] }]);
  });

  it("finds a file that imports itself, and nothing in a graph without cycles", () => {
    expect(importCycles(graphOf({ "core/src/a.ts": 'export * from "./a.ts";' }))).toEqual([{ files: ["core/src/a.ts"], path: ["core/src/a.ts", "core/src/a.ts"] }]);
    expect(importCycles(graphOf({ "core/src/a.ts": 'import "./b.ts";\nimport "./c.ts";', "core/src/b.ts": 'import "./c.ts";', "core/src/c.ts": "" }))).toEqual([]);
  });
});
