/**
 * Fuzz target: the subsample map of a video sample as a publisher sent it (passthrough H.264): NAL
 * length prefixes, in-band SPS/PPS and slice headers are all peer bytes. Inputs are random bytes,
 * random NAL sequences, and mutations of spec-built samples. Invariant: the subsamples cover the
 * sample exactly, with `cenc` protected runs whole AES blocks.
 */
import * as fc from "fast-check";
import { fuzzTarget, invariant } from "#core/testing/fuzz/fuzz-target.ts";
import { mutatedBytes, randomBytes } from "#core/testing/fuzz/mutations.ts";
import { IDR_HEADER, PPS, SPS, avcLayout, idr, lengthPrefixed, sei } from "./testing/avc-fixtures.ts";
import { videoSubsamples } from "./video-subsamples.ts";

const nalUnits = fc.array(fc.oneof(fc.constantFrom(SPS, PPS, sei, IDR_HEADER), fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 300 }).map(idr)), { minLength: 1, maxLength: 6 }).map((nals) => lengthPrefixed(...nals));

export const videoSubsamplesFuzz = fuzzTarget<Uint8Array>({
  name: "video-subsamples",
  parser: "transcoder/src/encryption/video-subsamples.ts (NAL units, codecs/avc-parameter-sets.ts, codecs/avc-slice-header.ts)",
  seeds: () => [lengthPrefixed(SPS, PPS, sei, idr(100)), lengthPrefixed(idr(48), idr(17))],
  arbitraries: (seeds) => ({ bytes: randomBytes(), structured: nalUnits, mutated: mutatedBytes(seeds, 8) }),
  run(sample) {
    for (const alignProtected of [true, false]) {
      const subsamples = videoSubsamples(sample, avcLayout(), { alignProtected, allowHevcHeaderOnly: true });
      const covered = subsamples.reduce((sum, s) => sum + s.BytesOfClearData + s.BytesOfProtectedData, 0);
      invariant(covered === sample.byteLength, () => `subsamples cover ${covered} of ${sample.byteLength} bytes`);
      invariant(subsamples.every((s) => s.BytesOfClearData <= 0xffff && (!alignProtected || s.BytesOfProtectedData % 16 === 0)), "a subsample breaks the cenc rules");
    }
  },
});
