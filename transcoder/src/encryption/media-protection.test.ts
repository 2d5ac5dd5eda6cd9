import { createDecipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { kidHex } from "#core/drm/content-key.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import { localKeyProvider } from "#core/drm/local-key-provider.ts";
import { importMasterKey } from "#core/drm/master-key.ts";
import { isTributaryError, TributaryError } from "#core/errors.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import type { CmafPart, CmafSegment } from "../cmaf/types.ts";
import { sequenceIv } from "./aes-128.ts";
import { MediaProtection, mediaProtection } from "./media-protection.ts";

function decrypt(bytes: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  const decipher = createDecipheriv("aes-128-cbc", key, iv);
  return new Uint8Array(Buffer.concat([decipher.update(bytes), decipher.final()]));
}

const filled = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 256);

function part(sequence: number, index: number, bytes: Uint8Array): CmafPart {
  return { segmentSequence: sequence, index, decodeTime: 0, duration: 1, timescale: 1, independent: index === 0, bytes };
}

function segmentOf(sequence: number, parts: CmafPart[]): CmafSegment {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.bytes.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    bytes.set(p.bytes, offset);
    offset += p.bytes.byteLength;
  }
  return { sequence, decodeTime: 0, duration: 2, timescale: 1, parts, bytes, discontinuity: false, initVersion: 0 };
}

async function protection(rotationSegments?: number) {
  const keys = new ContentKeyStore(new MemoryObjectStore(), await importMasterKey("x".repeat(40)), new ManualClock());
  return { keys, protection: new MediaProtection({ scheme: "aes-128", tenantId: "t1", mediaId: "media1", rotationSegments, keys, provider: localKeyProvider() }) };
}

describe("aes-128 media protection", () => {
  it("encrypts each part on its own and the segment as one object, from the segment's sequence IV", async () => {
    const { protection: p } = await protection();
    const plain = [filled(1000, 1), filled(517, 2), filled(33, 3)];
    const parts = await Promise.all(plain.map(async (bytes, i) => ((await p.protect("720p", { type: "part", part: part(5, i, bytes) })) as { part: CmafPart }).part));
    const done = await p.protect("720p", { type: "segment", segment: segmentOf(5, plain.map((bytes, i) => part(5, i, bytes))) });
    if (done.type !== "segment") throw new Error("expected a segment");
    const key = await p.keyFor(5);
    const iv = sequenceIv(5);
    parts.forEach((encrypted, i) => {
      expect(encrypted.bytes).not.toEqual(plain[i]);
      expect(encrypted.bytes.byteLength % 16).toBe(0);
      expect(decrypt(encrypted.bytes, key.key, iv)).toEqual(plain[i]);
    });
    expect(done.segment.parts.map((x) => x.bytes)).toEqual(parts.map((x) => x.bytes));
    expect(decrypt(done.segment.bytes, key.key, iv)).toEqual(segmentOf(5, plain.map((bytes, i) => part(5, i, bytes))).bytes);
    expect(done.segment.key).toEqual({ method: "AES-128", uri: `/k/media1/${kidHex(key.kid)}` });
  });

  it("keeps headers clear", async () => {
    const { protection: p } = await protection();
    const init = { bytes: filled(700, 9), track: { kind: "video" }, version: 0 } as never;
    const out = await p.protect("720p", { type: "init", init });
    expect(out.type === "init" && out.init.bytes).toEqual(filled(700, 9));
  });

  it("rotates keys every N segments and knows the next period's key ahead", async () => {
    const { protection: p } = await protection(2);
    const tags = [];
    for (const sequence of [0, 1, 2, 3, 4]) {
      const out = await p.protect("720p", { type: "segment", segment: segmentOf(sequence, [part(sequence, 0, filled(64, sequence))]) });
      tags.push(out.type === "segment" ? out.segment.key?.uri : undefined);
    }
    expect(new Set(tags).size).toBe(3);
    expect(tags[0]).toBe(tags[1]);
    expect(tags[2]).toBe(tags[3]);
    expect(tags[4]).not.toBe(tags[2]);
    expect(p.keyTag(5)?.uri).toBe(tags[4]);
    expect(p.keyTag(100)).toBeUndefined();
  });

  it("is absent for none, and leaves DASH out for aes-128", async () => {
    const { keys } = await protection();
    const base = { tenantId: "t1", mediaId: "m", keys, provider: localKeyProvider() };
    expect(mediaProtection("none", base)).toBeUndefined();
    expect(mediaProtection("aes-128", base)?.dash).toBe(false);
  });

  it("fails, never packages clear, when the key store cannot supply a key", async () => {
    const p = new MediaProtection({ scheme: "aes-128", tenantId: "t1", mediaId: "m", keys: { periodKey: () => Promise.reject(new TributaryError("drm.key_unavailable", "down")) }, provider: localKeyProvider() });
    const error = await p.protect("720p", { type: "part", part: part(0, 0, filled(10, 1)) }).catch((e: unknown) => e);
    expect(isTributaryError(error, "drm.key_unavailable")).toBe(true);
  });
});
