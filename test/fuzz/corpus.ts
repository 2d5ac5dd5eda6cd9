/** The committed seed corpus: test/fuzz/corpus/<target>/* (inputs that once failed, and captured real traffic). */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const corpusRoot = join(import.meta.dirname, "corpus");

/** Every file of a target's corpus folder, sorted by name; empty when the folder does not exist. */
export function corpusSeeds(target: string): Uint8Array[] {
  const dir = join(corpusRoot, target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((file) => new Uint8Array(readFileSync(join(dir, file))));
}
