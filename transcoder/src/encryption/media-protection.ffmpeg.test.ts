// cenc and cbcs through the packager's protection stage: real ffmpeg video and audio, their events
// interleaved as a broadcast hands them over; every rendition keeps its own encryptor, segments are
// their encrypted parts, and ffmpeg decrypts each rendition to the clear frames with the stage's key;
// the package's MPD carries the ContentProtection for that key.
import { beforeAll, describe, expect, it } from "vitest";
import { concat } from "#core/bytes/concat.ts";
import { ManualClock } from "#core/clock.ts";
import { kidHex } from "#core/drm/content-key.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import { localKeyProvider } from "#core/drm/local-key-provider.ts";
import { importMasterKey } from "#core/drm/master-key.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedText } from "#core/testing/stored-objects.ts";
import { PackageWriter } from "../cmaf/package-writer.ts";
import type { SegmenterEvent } from "../cmaf/types.ts";
import { uuidOf } from "../dash/content-protection.ts";
import { MediaProtection } from "./media-protection.ts";
import { clearTrack, testSourceArgs } from "./testing/clear-cmaf.ts";
import { frameHashes } from "./testing/frame-hashes.ts";
import type { ClearTrack } from "./testing/clear-cmaf.ts";

let tracks: Record<"video" | "audio", ClearTrack>;

beforeAll(async () => {
  const [video, audio] = await Promise.all([clearTrack(testSourceArgs("video", 4)), clearTrack(testSourceArgs("audio", 4))]);
  tracks = { video, audio };
}, 60_000);


/** Each track's events in the order a segmenter emits them: init, then each segment's parts, then the segment. */
function eventsOf(track: ClearTrack): SegmenterEvent[] {
  return [{ type: "init", init: track.header }, ...track.segments.flatMap((segment): SegmenterEvent[] => [...segment.parts.map((part): SegmenterEvent => ({ type: "part", part })), { type: "segment", segment }])];
}

describe.each(["cenc", "cbcs"] as const)("%s media protection", (scheme) => {
  it("keeps an encryptor per rendition, makes segments of encrypted parts, and ffmpeg decrypts both renditions", async () => {
    const store = new MemoryObjectStore();
    const keys = new ContentKeyStore(store, await importMasterKey("y".repeat(40)), new ManualClock());
    const protection = new MediaProtection({ scheme, tenantId: "t1", mediaId: "media1", keys, provider: localKeyProvider() });
    const out: Record<string, { init?: Uint8Array; parts: Uint8Array[]; segments: Uint8Array[] }> = { video: { parts: [], segments: [] }, audio: { parts: [], segments: [] } };
    const queues = { video: eventsOf(tracks.video), audio: eventsOf(tracks.audio) };
    // Interleaved, as the two renditions of one broadcast reach the stage.
    while (queues.video.length + queues.audio.length > 0) {
      for (const rendition of ["video", "audio"] as const) {
        const event = queues[rendition].shift();
        if (event === undefined) continue;
        const protectedEvent = await protection.protect(rendition, event);
        const o = out[rendition] as (typeof out)["video"];
        if (protectedEvent.type === "init") o.init = protectedEvent.init.bytes;
        else if (protectedEvent.type === "part") o.parts.push(protectedEvent.part.bytes);
        else {
          o.segments.push(protectedEvent.segment.bytes);
          expect(protectedEvent.segment.key).toEqual(expect.objectContaining({ method: scheme === "cbcs" ? "SAMPLE-AES" : "SAMPLE-AES-CTR", keyFormat: "org.w3.clearkey" }));
        }
      }
    }
    const key = await protection.keyFor(0);
    expect(protection.keyTag(0)?.keyId).toBe(kidHex(key.kid));
    // The MPD names the scheme, the default KID and the media's license URL on the key endpoint.
    const writer = new PackageWriter({ store, mediaId: "media1", clock: new ManualClock(), renditions: [{ name: "video", kind: "video", bandwidth: 400_000 }, { name: "audio", kind: "audio", bandwidth: 64_000 }], contentProtection: () => protection.dashContentProtection() });
    for (const rendition of ["video", "audio"] as const) for (const event of eventsOf(tracks[rendition])) await writer.handle(rendition, await protection.protect(rendition, event));
    await writer.finish();
    const mpd = (await storedText(store, "media/media1/manifest.mpd")) ?? "";
    expect(mpd).toContain(`<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="${scheme}" cenc:default_KID="${uuidOf(key.kid)}"/>`);
    expect(mpd).toContain("<dashif:Laurl>/k/media1/license</dashif:Laurl>");
    for (const rendition of ["video", "audio"] as const) {
      const o = out[rendition] as (typeof out)["video"];
      const track = tracks[rendition];
      expect(Buffer.from(concat(o.segments)).equals(Buffer.from(concat(o.parts)))).toBe(true);
      const clear = await frameHashes(concat([track.init, ...track.segments.map((s) => s.bytes)]));
      expect(clear?.length).toBeGreaterThan(30);
      expect(await frameHashes(concat([o.init ?? new Uint8Array(), ...o.segments]), key.key)).toEqual(clear);
    }
  }, 60_000);
});
