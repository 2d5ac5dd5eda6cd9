import { describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import type { Random } from "#core/clock.ts";
import { concat, hex } from "../testing/hex.ts";
import { mutate, prng } from "#core/testing/prng.ts";
import { ClientHandshake } from "./client-handshake.ts";
import { FMS_KEY_TEXT, FP_KEY_TEXT, PACKET_SIZE, digestOffset, findDigest } from "./digest.ts";
import { ServerHandshake, type HandshakeScheme } from "./server-handshake.ts";

/** Deterministic "random" bytes so packets are reproducible. */
function seededRandom(seed: number): Random {
  const next = prng(seed);
  return { bytes: (length) => Uint8Array.from({ length }, () => Math.floor(next() * 256)) };
}

interface Case {
  name: string;
  decoded: { scheme: HandshakeScheme };
  client: { digest: boolean; scheme?: 0 | 1 };
}

const cases: Case[] = [
  { name: "simple scheme (zero version field)", decoded: { scheme: "simple" }, client: { digest: false } },
  { name: "digest scheme 0 (offset from bytes 8-11)", decoded: { scheme: "digest" }, client: { digest: true, scheme: 0 } },
  { name: "digest scheme 1 (offset from bytes 772-775)", decoded: { scheme: "digest" }, client: { digest: true, scheme: 1 } },
];

function run(client: ClientHandshake, server: ServerHandshake, split: number): Uint8Array {
  const c0c1 = client.start();
  let s012: Uint8Array = new Uint8Array(0);
  for (let at = 0; at < c0c1.length; at += split) {
    const step = server.push(c0c1.subarray(at, at + split));
    if (step.reply) s012 = concat(s012, step.reply);
  }
  const c2 = client.push(s012);
  expect(c2.done).toBe(true);
  const trailing = hex("0203 # the first bytes of the chunk stream");
  const last = server.push(concat(c2.reply as Uint8Array, trailing));
  expect(last.done).toBe(true);
  return last.rest;
}

describe("handshake", () => {
  it.each(cases)("server and client agree: $name", ({ decoded, client }) => {
    const server = new ServerHandshake(seededRandom(1));
    const rest = run(new ClientHandshake(seededRandom(2), client), server, PACKET_SIZE * 2);
    expect(server.scheme).toBe(decoded.scheme);
    expect(rest).toEqual(hex("0203"));
  });

  it.each(cases)("works one byte at a time: $name", ({ decoded, client }) => {
    const server = new ServerHandshake(seededRandom(3));
    run(new ClientHandshake(seededRandom(4), client), server, 1);
    expect(server.scheme).toBe(decoded.scheme);
  });

  it("signs S1 with the FMS key at the client's digest scheme", () => {
    const client = new ClientHandshake(seededRandom(5), { digest: true, scheme: 1 });
    const reply = new ServerHandshake(seededRandom(6)).push(client.start()).reply as Uint8Array;
    const s1 = reply.subarray(1, 1 + PACKET_SIZE);
    expect(findDigest(s1, FMS_KEY_TEXT)?.scheme).toBe(1);
    expect(findDigest(s1, FP_KEY_TEXT)).toBeUndefined();
  });

  it("falls back to the simple scheme when the C1 digest is wrong", () => {
    const c0c1 = new ClientHandshake(seededRandom(7), { digest: true }).start();
    const offset = 1 + digestOffset(c0c1.subarray(1), 0);
    c0c1[offset] = (c0c1[offset] as number) ^ 0xff;
    const server = new ServerHandshake(seededRandom(8));
    const reply = server.push(c0c1).reply as Uint8Array;
    expect(server.scheme).toBe("simple");
    expect(reply.subarray(1 + PACKET_SIZE + 8)).toEqual(c0c1.subarray(1 + 8));
  });

  it.each([0, 6, 0x47])("refuses C0 version %i", (version) => {
    expect(() => new ServerHandshake(seededRandom(9)).push(Uint8Array.of(version))).toThrow(expect.objectContaining({ code: "ingest.protocol" }));
  });

  it("client refuses an S1 without the server digest", () => {
    const client = new ClientHandshake(seededRandom(10), { digest: true });
    client.start();
    const bogus = concat(Uint8Array.of(3), new Uint8Array(2 * PACKET_SIZE));
    expect(() => client.push(bogus)).toThrow(expect.objectContaining({ code: "ingest.protocol" }));
  });

  it("fuzz: mutated C0C1 only ever throws TributaryError", () => {
    const random = prng(0x4853);
    const seeds = cases.map((c) => concat(new ClientHandshake(seededRandom(11), c.client).start(), new Uint8Array(PACKET_SIZE)));
    for (let i = 0; i < 300; i++) {
      try {
        new ServerHandshake(seededRandom(i)).push(mutate(seeds[i % seeds.length] as Uint8Array, random));
      } catch (error) {
        if (!isTributaryError(error)) throw error;
      }
    }
  });
});
