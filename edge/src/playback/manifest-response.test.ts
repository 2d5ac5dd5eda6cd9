import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import type { CachedObject } from "../cache/edge-cache.ts";
import { MULTIVARIANT } from "../testing/seed-media.ts";
import { personalizeManifest, type ManifestContext } from "./manifest-response.ts";

const clock = new ManualClock(Date.UTC(2026, 10, 26, 12));
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const cached = (text: string): CachedObject => ({ body: encoder.encode(text), etag: '"e1"', contentType: "application/vnd.apple.mpegurl", cacheControl: "public, max-age=60" });

function context(token: string, claims: Partial<PlaybackClaims> = {}, extra: Partial<ManifestContext> = {}): ManifestContext {
  return {
    target: { token, mediaId: "media1", path: "master.m3u8", key: "media/media1/master.m3u8" },
    claims: { sub: "media1", aud: "playback", exp: 2_000_000_000, ...claims },
    signals: {},
    playerSessionId: undefined,
    signer: undefined,
    clock,
    ...extra,
  };
}

const variants = (body: Uint8Array) => decoder.decode(body).split("\n").filter((line) => !line.startsWith("#") && line !== "");

describe("personalizeManifest", () => {
  it("rewrites once per token and signals, and hands the same bytes to repeat requests", async () => {
    const object = cached(MULTIVARIANT);
    const first = await personalizeManifest(object, context("tokA", { caps: { maxHeight: 720 } }));
    const again = await personalizeManifest(object, context("tokA", { caps: { maxHeight: 720 } }));
    expect(again.object.body).toBe(first.object.body);
    expect(first.object.etag).toBe("");
    expect(variants(first.object.body)).toEqual(["720p/index.m3u8", "360p/index.m3u8"]);
    const other = await personalizeManifest(object, context("tokB"));
    expect(variants(other.object.body)).toEqual(["1080p/index.m3u8", "720p/index.m3u8", "360p/index.m3u8"]);
    const saving = await personalizeManifest(object, context("tokA", { caps: { maxHeight: 720 } }, { signals: { saveData: true } }));
    expect(variants(saving.object.body)).toEqual(["360p/index.m3u8"]); // Save-Data holds viewers to 480p
  });

  it("rewrites a refreshed cached copy afresh", async () => {
    const before = await personalizeManifest(cached(MULTIVARIANT), context("tokA"));
    const refreshed = await personalizeManifest(cached(MULTIVARIANT.replace("360p/", "240p/")), context("tokA"));
    expect(variants(before.object.body)).toContain("360p/index.m3u8");
    expect(variants(refreshed.object.body)).toContain("240p/index.m3u8");
  });

  it("mints a session token for every top-level request when a signer is set", async () => {
    let minted = 0;
    const signer = { sign: async () => `session${++minted}`, sessionTtlSeconds: 600 };
    const object = cached(MULTIVARIANT);
    const one = await personalizeManifest(object, context("tokA", {}, { signer, playerSessionId: "s1" }));
    const two = await personalizeManifest(object, context("tokA", {}, { signer, playerSessionId: "s2" }));
    expect(one.sessionId).toBe("s1");
    expect(two.sessionId).toBe("s2");
    expect(variants(one.object.body)[0]).toBe("/p/session1/media1/1080p/index.m3u8");
    expect(variants(two.object.body)[0]).toBe("/p/session2/media1/1080p/index.m3u8");
  });
});
