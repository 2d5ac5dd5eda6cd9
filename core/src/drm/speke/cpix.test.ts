// CPIX 2.3 request and response against the SPEKE v2 examples (fixtures/SOURCES.md): the request for
// an example's inputs is the example document, whole; the example's answer reads back as keys, pssh
// boxes, MPD and HLS signalling; and each way an answer can be wrong is refused by name.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isTributaryError } from "../../errors.ts";
import { decodeBase64 } from "./base64.ts";
import { buildCpixRequest, type CpixRequest } from "./cpix-request.ts";
import { parseCpixResponse } from "./cpix-response.ts";
import { uuidToKid } from "./kid-uuid.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const kid = (uuid: string) => uuidToKid(uuid) as Uint8Array;
const b64 = (text: string) => decodeBase64(text) as Uint8Array;
const hex = (bytes: Uint8Array | undefined) => Array.from(bytes ?? [], (b) => b.toString(16).padStart(2, "0")).join("");

const VIDEO = "873f3740-2508-4a2d-94bc-9b0f86649251";
const AUDIO = "0c54f2b0-b433-45a4-ae73-664438bb0b4e";
const PERIOD = "keyPeriod_2e19ac38-22d3-4bb2-b290-95a72f4732ef";

/** speke-reference-server test case 1, Widevine + FairPlay + PlayReady, one video and one audio key. */
const videoKey = { kid: kid(VIDEO), intendedTrackType: "VIDEO", periodId: PERIOD } as const;
const vodRequest: CpixRequest = {
  contentId: "test_case_1",
  scheme: "cbcs",
  systems: ["widevine", "fairplay", "playready"],
  periods: [{ id: PERIOD, index: 0 }],
  keys: [
    videoKey,
    { kid: kid(AUDIO), intendedTrackType: "AUDIO", periodId: PERIOD },
  ],
};

/** SPEKE API v2 "Overriding the key identifier": one live video key in period 1. */
const liveRequest: CpixRequest = {
  contentId: "abc123",
  scheme: "cbcs",
  systems: ["widevine"],
  periods: [{ id: "keyPeriod_0909829f-40ff-4625-90fa-75da3e53278f", index: 1 }],
  keys: [{ kid: kid("11111111-1111-1111-1111-111111111111"), intendedTrackType: "VIDEO", periodId: "keyPeriod_0909829f-40ff-4625-90fa-75da3e53278f", explicitIV: b64("OFj2IjCsPJFfMAxmQxLGPw==") }],
};

describe("CPIX request", () => {
  it("is the reference VOD request for its inputs", () => expect(buildCpixRequest(vodRequest)).toBe(fixture("vod-cbcs-request.xml")));

  it("is the specification's live request for its inputs", () => expect(buildCpixRequest(liveRequest)).toBe(fixture("live-kid-override-request.xml")));

  it("refuses requests no provider could answer", () => {
    expect(() => buildCpixRequest({ ...vodRequest, scheme: "cenc" })).toThrow(/fairplay does not play cenc/);
    expect(() => buildCpixRequest({ ...vodRequest, keys: [] })).toThrow(/at least one content key/);
    expect(() => buildCpixRequest({ ...vodRequest, keys: [videoKey, { ...videoKey, kid: kid(AUDIO) }] })).toThrow(/two keys for intendedTrackType VIDEO/);
    expect(() => buildCpixRequest({ ...vodRequest, keys: [{ ...videoKey, periodId: "keyPeriod_x" }] })).toThrow(/not in the period list/);
    expect(() => buildCpixRequest({ ...vodRequest, periods: [{ id: "1bad", index: 0 }] })).toThrow(/not a unique XML id/);
  });
});

describe("CPIX response", () => {
  it("reads the VOD answer: keys, IVs, pssh boxes, MPD and HLS signalling per system", () => {
    const [video, audio] = parseCpixResponse(vodRequest, fixture("vod-cbcs-response.xml"));
    expect(hex(video?.kid)).toBe(VIDEO.replaceAll("-", ""));
    expect(hex(video?.key)).toBe(hex(b64("5dGAgwGuUYu4dHeHtNlxJw==")));
    expect(hex(video?.explicitIV)).toBe(hex(b64("OFj2IjCsPJFfMAxmQxLGPw==")));
    expect(hex(audio?.key)).toBe("101112131415161718191a1b1c1d1e1f");
    expect(video?.systems.map((s) => s.system)).toEqual(["widevine", "fairplay", "playready"]);
    const [widevine, fairplay, playready] = video?.systems ?? [];
    // pssh boxes: 'pssh' at 4, the system id at 12.
    expect(new TextDecoder().decode(widevine?.pssh?.subarray(4, 8))).toBe("pssh");
    expect(hex(widevine?.pssh?.subarray(12, 28))).toBe("edef8ba979d64acea3c827dcd51d21ed");
    expect(hex(playready?.pssh?.subarray(12, 28))).toBe("9a04f07998404286ab92e65be0885f95");
    expect(playready?.contentProtectionData).toMatch(/^<cenc:pssh>[A-Za-z0-9+/=]+<\/cenc:pssh><mspr:pro>/);
    expect(fairplay).toEqual({
      system: "fairplay",
      hlsSignalingData: {
        media: '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://873f374025084a2d94bc9b0f86649251",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"',
        master: '#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://873f374025084a2d94bc9b0f86649251",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"',
      },
    });
  });

  it("takes a key id the provider overrides, matched by the key's usage rule", () => {
    const [answer] = parseCpixResponse(liveRequest, fixture("live-kid-override-response.xml"));
    expect(hex(answer?.requestedKid)).toBe("11".repeat(16));
    expect(hex(answer?.kid)).toBe("22".repeat(16));
    expect(hex(answer?.systems[0]?.pssh?.subarray(34, 50))).toBe("22".repeat(16)); // the Widevine key_id inside the pssh data (after size, type, version, system id, data size, field tag)
  });

  const answer = fixture("vod-cbcs-response.xml");
  const firstPssh = /<cpix:PSSH>([^<]*)<\/cpix:PSSH>/;
  const widevinePssh = firstPssh.exec(answer)?.[1] ?? "";
  const playreadyPssh = /systemId="9a04f079[^>]*>\s*<cpix:PSSH>([^<]*)</.exec(answer)?.[1] ?? "";
  const wrong: { name: string; answer: string; problem: RegExp }[] = [
    { name: "a requested key left out", answer: answer.replace(/<cpix:ContentKey kid="0c54[\s\S]*?<\/cpix:ContentKey>/, ""), problem: /no ContentKey answers key id 0c54f2b0/ },
    { name: "a 15-byte key", answer: answer.replace("5dGAgwGuUYu4dHeHtNlxJw==", "5dGAgwGuUYu4dHeHtNlx"), problem: /the key is 15 bytes, not 16/ },
    { name: "an encrypted key", answer: answer.replace("<pskc:PlainValue>5dGAgwGuUYu4dHeHtNlxJw==</pskc:PlainValue>", "<pskc:EncryptedValue/>"), problem: /only PlainValue is accepted/ },
    { name: "another content id", answer: answer.replace('contentId="test_case_1"', 'contentId="other"'), problem: /CPIX@contentId is "other"/ },
    { name: "another CPIX version", answer: answer.replace('version="2.3"', 'version="2.2"'), problem: /CPIX@version is "2.2"/ },
    { name: "another scheme", answer: answer.replace('commonEncryptionScheme="cbcs"', 'commonEncryptionScheme="cenc"'), problem: /commonEncryptionScheme is "cenc", not "cbcs"/ },
    { name: "a pssh for another system", answer: answer.replace(firstPssh, `<cpix:PSSH>${playreadyPssh}</cpix:PSSH>`), problem: /PSSH is for system 9a04f079-9840-4286-ab92-e65be0885f95, not edef8ba9/ },
    { name: "a truncated pssh", answer: answer.replace(firstPssh, `<cpix:PSSH>${widevinePssh.slice(0, 48)}</cpix:PSSH>`), problem: /PSSH declares \d+ bytes but holds 36/ },
    { name: "an empty pssh", answer: answer.replace(firstPssh, "<cpix:PSSH/>"), problem: /widevine of 873f3740[^:]*: PSSH was asked for and is missing or empty/ },
    { name: "a ContentProtectionData pssh that differs", answer: answer.replace(/<cpix:ContentProtectionData>[^<]*</, `<cpix:ContentProtectionData>${btoa(`<cenc:pssh>${playreadyPssh}</cenc:pssh>`)}<`), problem: /the pssh in ContentProtectionData differs from PSSH/ },
    { name: "no HLS signalling for the multivariant playlist", answer: answer.replace(/<cpix:HLSSignalingData playlist="master">[^<]*<\/cpix:HLSSignalingData>/, ""), problem: /HLSSignalingData playlist=master was asked for and is missing/ },
    { name: "HLS signalling that is not a key tag", answer: answer.replace(/(<cpix:HLSSignalingData playlist="media">)[^<]*/, `$1${btoa("#EXTINF:2,\nx.m4s")}`), problem: /holds something other than #EXT-X-KEY: tags/ },
    { name: "a DRM system left out", answer: answer.replace(/<cpix:DRMSystem kid="0c54f2b0[^"]*" systemId="94ce86fb[\s\S]*?<\/cpix:DRMSystem>/, ""), problem: /DRMSystem fairplay of 0c54f2b0-b433-45a4-ae73-664438bb0b4e is missing/ },
    { name: "a DTD", answer: answer.replace('<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE x [<!ENTITY a "b">]>'), problem: /not well-formed XML: a DTD is not accepted/ },
    { name: "another root", answer: '<x:Other xmlns:x="urn:x"/>', problem: /root is \{urn:x\}Other, not cpix:CPIX/ },
  ];

  for (const { name, answer: wrongAnswer, problem } of wrong) {
    it(`refuses ${name}`, () => {
      let caught: unknown;
      try {
        parseCpixResponse(vodRequest, wrongAnswer);
      } catch (error) {
        caught = error;
      }
      expect(isTributaryError(caught, "drm.key_unavailable")).toBe(true);
      expect((caught as Error).message).toMatch(problem);
      expect((caught as { details: { reason: string } }).details.reason).toBe("invalid_response");
    });
  }
});
