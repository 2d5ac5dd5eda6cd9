/**
 * Import cycles: the strongly connected components of an import graph (Tarjan), each with one
 * concrete cycle through it to print, e.g. `a.ts → b.ts → a.ts`.
 */
import type { ImportGraph } from "./import-graph.ts";

export interface ImportCycle {
  /** Every file in the tangle, sorted. */
  files: string[];
  /** One cycle through the tangle, from its first file back to it. */
  path: string[];
}

/** Every tangle of files that import each other, directly or through others, with one cycle path each. */
export function importCycles(graph: ImportGraph): ImportCycle[] {
  const cycles: ImportCycle[] = [];
  for (const component of components(graph)) {
    const files = [...component].sort();
    const first = files[0] ?? "";
    if (files.length === 1 && !(graph.get(first) ?? []).includes(first)) continue;
    cycles.push({ files, path: cycleThrough(graph, new Set(files), first) });
  }
  return cycles.sort((a, b) => (a.files[0] ?? "").localeCompare(b.files[0] ?? ""));
}

function components(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    found.push(component);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

/** The shortest path from `start` back to `start` inside `members` (breadth-first). */
function cycleThrough(graph: ImportGraph, members: ReadonlySet<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let at = 0; at < queue.length; at++) {
    const file = queue[at] ?? "";
    for (const target of graph.get(file) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) return [...pathTo(cameFrom, file, start), start];
      if (cameFrom.has(target)) continue;
      cameFrom.set(target, file);
      queue.push(target);
    }
  }
  return [start];
}

function pathTo(cameFrom: ReadonlyMap<string, string>, file: string, start: string): string[] {
  const path = [file];
  for (let at = file; at !== start; ) {
    at = cameFrom.get(at) ?? start;
    path.unshift(at);
  }
  return path;
}
