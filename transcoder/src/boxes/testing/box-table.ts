/** The `{name, decoded, bytes}` table every box test runs: each case decodes and encodes both ways. */
import { expect, it } from "vitest";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren } from "../children.ts";

/** Bytes from commented hex: whitespace and `# …` comments are ignored. */
export const hex = (s: string) => Uint8Array.from(s.replace(/\s+|#[^\n]*/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));
export const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export interface BoxCase<T> {
  name: string;
  decoded: T;
  /** Whole box, header included. */
  bytes: Uint8Array;
}

export function boxTable<T>(parse: (payload: Uint8Array) => T, write: (w: ByteWriter, box: T) => void, cases: BoxCase<T>[]): void {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => expect(parse(readChildren(c.bytes)[0]?.payload ?? new Uint8Array())).toEqual(c.decoded));
    it(`encodes ${c.name}`, () => {
      const w = new ByteWriter();
      write(w, c.decoded);
      // Compared as hex so a mismatch shows where the bytes differ.
      expect(toHex(w.finish())).toBe(toHex(c.bytes));
    });
  }
}
