/**
 * Runs one fuzz target with fast-check for a number of inputs or a time budget, whichever ends first.
 * Each input is checked for the three kinds of failure: a thrown value that is not a TributaryError,
 * a FuzzFinding the target raises, and an input slower than `slowInputMs` (timed twice, so one GC
 * pause does not count).
 */
import * as fc from "fast-check";
import { isTributaryError } from "#core/errors.ts";
import { FuzzFinding, type FuzzTarget } from "#core/testing/fuzz/fuzz-target.ts";
import { corpusSeeds } from "./corpus.ts";

export interface FuzzRunOptions {
  inputs: number;
  /** Stop after this long even if fewer inputs ran. */
  timeLimitMs: number;
  /** One input taking longer than this (twice in a row) is a failure. */
  slowInputMs?: number;
  seed?: number;
}

export interface FuzzResult {
  target: string;
  parser: string;
  inputs: number;
  seconds: number;
  inputsPerSecond: number;
  /** 0 or 1: fast-check stops at the first failing input and shrinks it. */
  failures: number;
  seed: number;
  /** The shrunk failing input and why it failed. */
  failure?: { counterexample: string; error: string; path: string | null };
}

function refusalOnly(error: unknown): void {
  if (!isTributaryError(error)) throw error;
}

function tooSlow(target: string, ms: number, limit: number): FuzzFinding {
  return new FuzzFinding(`${target}: one input took ${ms.toFixed(0)} ms (limit ${limit} ms)`);
}

function syncCheck(target: FuzzTarget<unknown>, slowInputMs: number): (input: unknown) => void {
  const once = (input: unknown): number => {
    const started = performance.now();
    try {
      target.run(input);
    } catch (error) {
      refusalOnly(error);
    }
    return performance.now() - started;
  };
  return (input) => {
    if (once(input) > slowInputMs) {
      const again = once(input);
      if (again > slowInputMs) throw tooSlow(target.name, again, slowInputMs);
    }
  };
}

function asyncCheck(target: FuzzTarget<unknown>, slowInputMs: number): (input: unknown) => Promise<void> {
  const once = async (input: unknown): Promise<number> => {
    const started = performance.now();
    try {
      await target.run(input);
    } catch (error) {
      refusalOnly(error);
    }
    return performance.now() - started;
  };
  return async (input) => {
    if ((await once(input)) > slowInputMs) {
      const again = await once(input);
      if (again > slowInputMs) throw tooSlow(target.name, again, slowInputMs);
    }
  };
}

/** The target's arbitraries mixed evenly, over its in-code seeds plus its committed corpus. */
export async function targetArbitrary(target: FuzzTarget<unknown>): Promise<fc.Arbitrary<unknown>> {
  const seeds = [...(await target.seeds()), ...corpusSeeds(target.name)];
  const arbitraries = Object.values(target.arbitraries(seeds));
  if (arbitraries.length === 0) throw new TypeError(`fuzz target ${target.name} has no arbitraries`);
  return fc.oneof(...arbitraries);
}

export async function runFuzzTarget(target: FuzzTarget<unknown>, options: FuzzRunOptions): Promise<FuzzResult> {
  const slowInputMs = options.slowInputMs ?? 100;
  const seed = options.seed ?? Date.now() ^ (Math.random() * 0x100000000);
  const arbitrary = await targetArbitrary(target);
  let inputs = 0;
  const started = performance.now();
  const parameters: fc.Parameters<[unknown]> = { numRuns: options.inputs, seed, plugins: [fc.interruptAfterTimeLimit(options.timeLimitMs)] };
  let details: fc.RunDetails<[unknown]>;
  if (target.async) {
    const check = asyncCheck(target, slowInputMs);
    details = await fc.check(
      fc.asyncProperty(arbitrary, async (input) => {
        inputs++;
        await check(input);
      }),
      parameters,
    );
  } else {
    const check = syncCheck(target, slowInputMs);
    details = fc.check(
      fc.property(arbitrary, (input) => {
        inputs++;
        check(input);
      }),
      parameters,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  // Shrinking re-runs the property: count only the runs fast-check reports as generated inputs.
  const ran = details.failed ? details.numRuns : Math.min(inputs, details.numRuns || inputs);
  const result: FuzzResult = { target: target.name, parser: target.parser, inputs: ran, seconds, inputsPerSecond: ran / seconds, failures: details.failed ? 1 : 0, seed };
  if (details.failed) {
    result.failure = {
      counterexample: fc.stringify(details.counterexample),
      error: details.errorInstance instanceof Error ? `${details.errorInstance.name}: ${details.errorInstance.message}\n${details.errorInstance.stack ?? ""}` : String(details.errorInstance),
      path: details.counterexamplePath,
    };
  }
  return result;
}
