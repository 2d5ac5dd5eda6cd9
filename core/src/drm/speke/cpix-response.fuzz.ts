/**
 * Fuzz target: a SPEKE key provider's CPIX answer (the XML subset parser and the CPIX checks).
 * Inputs are random text, text from CPIX's alphabet (tags, namespaces, entities, base64), mutations of
 * a valid answer, and valid answers with one element's value replaced by random base64 (pssh boxes
 * with random sizes and counts). Invariant: an answer either yields a 16-byte key and well-formed
 * pssh boxes for every requested key, or is refused with `drm.key_unavailable`.
 */
import * as fc from "fast-check";
import { isTributaryError } from "../../errors.ts";
import { FuzzFinding, fuzzTarget, invariant } from "../../testing/fuzz/fuzz-target.ts";
import { asText, mutatedBytes, stringFrom, textSeeds } from "../../testing/fuzz/mutations.ts";
import { encodeBase64 } from "./base64.ts";
import { buildCpixRequest, type CpixRequest } from "./cpix-request.ts";
import { parseCpixResponse } from "./cpix-response.ts";
import { DRM_SYSTEMS } from "./drm-systems.ts";
import { uuidToKid } from "./kid-uuid.ts";
import { psshProblem } from "./pssh-box.ts";

const KID = uuidToKid("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0") as Uint8Array;
const request: CpixRequest = {
  contentId: "fuzz",
  scheme: "cbcs",
  systems: ["widevine", "fairplay"],
  periods: [{ id: "keyPeriod_3", index: 3 }],
  keys: [{ kid: KID, intendedTrackType: "ALL", periodId: "keyPeriod_3" }],
};

function pssh(systemId: string, data: Uint8Array): Uint8Array {
  const box = new Uint8Array(32 + data.length);
  const view = new DataView(box.buffer);
  view.setUint32(0, box.length);
  box.set([0x70, 0x73, 0x73, 0x68], 4);
  box.set(uuidToKid(systemId) as Uint8Array, 12);
  view.setUint32(28, data.length);
  box.set(data, 32);
  return box;
}

/** The valid answer to `request`, with `replace` applied to one placeholder's value. */
function answer(replace: { element: string; value: string } | undefined = undefined): string {
  const box = encodeBase64(pssh(DRM_SYSTEMS.widevine.systemId, new Uint8Array([0x12, 0x10, ...KID])));
  const values: Record<string, string> = {
    Data: "<pskc:Secret><pskc:PlainValue>AAECAwQFBgcICQoLDA0ODw==</pskc:PlainValue></pskc:Secret>",
    PSSH: box,
    ContentProtectionData: btoa(`<cenc:pssh>${box}</cenc:pssh>`),
    media: btoa('#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k"'),
    master: btoa('#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://k"'),
  };
  if (replace) values[replace.element] = replace.value;
  return buildCpixRequest(request)
    .replace(/(<cpix:ContentKey [^>]*)\/>/, `$1><cpix:Data>${values["Data"]}</cpix:Data></cpix:ContentKey>`)
    .replaceAll("<cpix:PSSH/>", `<cpix:PSSH>${values["PSSH"]}</cpix:PSSH>`)
    .replaceAll("<cpix:ContentProtectionData/>", `<cpix:ContentProtectionData>${values["ContentProtectionData"]}</cpix:ContentProtectionData>`)
    .replaceAll(/<cpix:HLSSignalingData playlist="(media|master)"\/>/g, (_, playlist: string) => `<cpix:HLSSignalingData playlist="${playlist}">${values[playlist]}</cpix:HLSSignalingData>`);
}

type CpixInput = string;

export const cpixResponseFuzz = fuzzTarget<CpixInput>({
  name: "cpix-response",
  parser: "core/src/drm/speke/cpix-response.ts",
  seeds: () => textSeeds(answer()),
  arbitraries: (seeds) => ({
    text: fc.string({ unit: "binary", maxLength: 400 }),
    grammar: stringFrom(['<cpix:CPIX xmlns:cpix="urn:dashif:org:cpix">', "</cpix:CPIX>", "<cpix:ContentKey kid=", '"', "/>", ">", "<", "&amp;", "&#x0;", "<!--", "-->", "<![CDATA[", "]]>", "AAAA", "=", " ", "<?xml"]),
    mutated: mutatedBytes(seeds).map(asText),
    replaced: fc
      .record({ element: fc.constantFrom("PSSH", "ContentProtectionData", "media", "master", "Data"), value: fc.uint8Array({ maxLength: 80 }).map(encodeBase64) })
      .map((replace) => answer(replace)),
  }),
  run(input) {
    let keys;
    try {
      keys = parseCpixResponse(request, input);
    } catch (error) {
      if (isTributaryError(error, "drm.key_unavailable")) return;
      if (isTributaryError(error)) throw new FuzzFinding(`refused with ${error.code}, not drm.key_unavailable`);
      throw error;
    }
    invariant(keys.length === 1 && keys[0]?.key.byteLength === 16, "an accepted answer lacks a 16-byte key");
    for (const system of keys[0]?.systems ?? []) {
      if (system.pssh) invariant(psshProblem(system.pssh, DRM_SYSTEMS[system.system].systemId) === undefined, "an accepted pssh box is malformed");
    }
  },
});
