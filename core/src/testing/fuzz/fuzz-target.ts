/**
 * Test helper: what a fuzz target is. Each parser that reads peer-controlled bytes has a
 * `<name>.fuzz.ts` beside it exporting one; test/fuzz/run-fuzz.ts and test/fuzz/fuzz.test.ts run them.
 *
 * A run fails on any thrown value that is not a TributaryError (a typed refusal of bad input is the
 * expected outcome), on a `FuzzFinding` the target raises for a broken invariant (a buffer over its
 * cap, a round trip that does not hold), and on one input taking more than the time limit.
 */
import type { Arbitrary } from "fast-check";

export interface FuzzTarget<T> {
  /** Kebab-case name: the `--only` key and the corpus folder (test/fuzz/corpus/<name>/). */
  name: string;
  /** The parser under test, as a path from the repository root. */
  parser: string;
  /**
   * Seeds built in code from the codec tables and encoders (async when they need signing keys); the
   * committed corpus files are added to them.
   */
  seeds(): Uint8Array[] | Promise<Uint8Array[]>;
  /**
   * The input generators, mixed evenly: random bytes or strings, structure-aware inputs built from
   * the codec tables, and mutations (bit flips, truncation, splicing) of the seeds.
   */
  arbitraries(seeds: readonly Uint8Array[]): Record<string, Arbitrary<T>>;
  /** Feeds one input to the parser; a thrown TributaryError is a refusal, anything else a failure. */
  run(input: T): void | Promise<void>;
  /** True when `run` returns a promise (runs as an async property). */
  async?: boolean;
}

/** A broken invariant found by a fuzz target (not a refusal of bad input). */
export class FuzzFinding extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FuzzFinding";
  }
}

/** Throws a FuzzFinding unless `condition` holds. */
export function invariant(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new FuzzFinding(typeof message === "string" ? message : message());
}

/** Widens a target's input type so targets of different inputs fit in one list. */
export function fuzzTarget<T>(target: FuzzTarget<T>): FuzzTarget<unknown> {
  return target as unknown as FuzzTarget<unknown>;
}
