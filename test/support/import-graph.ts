/**
 * The static import graph of the repository's TypeScript: the file each `import … from`,
 * `import "…"` and `export … from` names, resolved through relative paths and the package.json
 * "imports" aliases (`#core/*` → `./core/src/*`). Packages, `node:` built-ins and dynamic `import()`
 * are not edges.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

/** Repository path (forward slashes) → the repository files it imports, in source order. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** An alias prefix ("#core/") and the repository folder it stands for ("core/src/"). */
export type ImportAlias = readonly [prefix: string, folder: string];

// A statement at the start of a line; the clause before `from` cannot cross a quote or a semicolon,
// so an `export const` or `export function` never reaches a later string.
const STATIC_SPECIFIER = /^[ \t]*(?:import|export)\s+(?:type\s+)?(?:[^"'`;]*?\bfrom\s*)?["']([^"'\n]+)["']/gm;

/** The specifiers of every static import and re-export in `source`, in order. */
export function staticSpecifiers(source: string): string[] {
  return [...source.matchAll(STATIC_SPECIFIER)].map((match) => match[1] ?? "");
}

/** The `"#name/*": "./folder/*"` entries of package.json "imports" as prefix pairs. */
export function importAliases(imports: Readonly<Record<string, string>>): ImportAlias[] {
  return Object.entries(imports)
    .filter(([name, target]) => name.endsWith("/*") && target.endsWith("/*"))
    .map(([name, target]) => [name.slice(0, -1), posix.normalize(target.slice(0, -1))]);
}

/** The repository path `specifier` names from `importer`, or undefined for a package or built-in. */
export function resolveSpecifier(importer: string, specifier: string, aliases: readonly ImportAlias[]): string | undefined {
  if (specifier.startsWith("./") || specifier.startsWith("../")) return posix.normalize(posix.join(posix.dirname(importer), specifier));
  const alias = aliases.find(([prefix]) => specifier.startsWith(prefix));
  return alias === undefined ? undefined : alias[1] + specifier.slice(alias[0].length);
}

/** The graph over `files`; an import of anything outside `files` (a .mjs script, a JSON file) is not an edge. */
export function importGraph(files: readonly string[], read: (file: string) => string, aliases: readonly ImportAlias[]): ImportGraph {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const targets = staticSpecifiers(read(file)).map((specifier) => resolveSpecifier(file, specifier, aliases));
      return [file, [...new Set(targets.filter((target): target is string => target !== undefined && known.has(target)))]];
    }),
  );
}

/** The .ts files (not .d.ts) git tracks or would track under `folders` of the repository at `root`. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", ...folders], { cwd: root, encoding: "utf8" });
  return [...new Set(listed.split("\n"))].filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && existsSync(join(root, file))).sort();
}

/** The import graph of the repository at `root`, over the .ts files under `folders`. */
export function repositoryImportGraph(root: string, folders: readonly string[]): ImportGraph {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { imports?: Record<string, string> };
  return importGraph(sourceFiles(root, folders), (file) => readFileSync(join(root, file), "utf8"), importAliases(manifest.imports ?? {}));
}
