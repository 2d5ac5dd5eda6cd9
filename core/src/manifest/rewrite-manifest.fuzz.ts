/**
 * Fuzz target: the edge's manifest rewrite (HLS lines, attribute lists, variant plans, DASH MPD).
 * Inputs are random text, text from the playlist grammar's alphabet, mutations of the golden-pair
 * inputs (committed in test/fuzz/corpus/manifest/), and playlists and MPDs built with random URIs.
 * Invariants: the rewrite never throws, a second rewrite changes nothing, and every URI comes out as
 * `rewriteUri` says (whatever characters it holds, `$&` included).
 */
import * as fc from "fast-check";
import { fuzzTarget, invariant, FuzzFinding } from "../testing/fuzz/fuzz-target.ts";
import { asText, mutatedBytes, stringFrom, textSeeds } from "../testing/fuzz/mutations.ts";
import { parseHlsLines } from "./hls-lines.ts";
import { rewriteManifest, type ManifestRewriteOptions } from "./rewrite-manifest.ts";
import { rewriteUri } from "./uri-token.ts";

interface ManifestInput {
  path: "index.m3u8" | "manifest.mpd";
  text: string;
  options: ManifestRewriteOptions;
  /** For built playlists: the URIs as written, in order. */
  uris?: string[];
}

const options: fc.Arbitrary<ManifestRewriteOptions> = fc.record(
  {
    uri: fc.record({ mediaId: fc.constant("media1"), token: fc.constant("TOKEN"), targetToken: fc.constantFrom("TOKEN", "SESSION"), directory: fc.constantFrom("", "720p/") }),
    caps: fc.record({ maxHeight: fc.integer({ min: 1, max: 2160 }), maxBitrate: fc.integer({ min: 1, max: 10_000_000 }) }, { requiredKeys: [] }),
    signals: fc.record({ saveData: fc.boolean(), ect: fc.constantFrom("slow-2g", "2g", "3g", "4g"), downlinkMbps: fc.double({ min: 0, max: 100, noNaN: true }), measuredKbps: fc.nat({ max: 100_000 }), bufferMs: fc.nat({ max: 60_000 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ["uri"] },
);

const HLS_ALPHABET = ["#EXTM3U", "#EXT-X-STREAM-INF:", "#EXT-X-I-FRAME-STREAM-INF:", "#EXTINF:2,", "#EXT-X-MAP:", "#EXT-X-PART:", "BANDWIDTH=", "RESOLUTION=1280x", "URI=", "SERVER-URI=", '"', ",", "=", "\n", "\r\n", "\r", "/media/media1/", "/p/x/media1/", "https://h/media/media1/", "../", "./", "a.m4s", "?q=1", "#", "$&", "$'", "$`", "$1", " "];
const DASH_ALPHABET = ["<AdaptationSet>", "</AdaptationSet>", "<Representation", ' bandwidth="', ' height="', '"', "/>", ">", "</Representation>", "<BaseURL>", "</BaseURL>", "/media/media1/", "https://h/media/media1/", "$&", "\n", " ", "1000000", "720"];

/** URI characters, the replacement-pattern ones (`$&`, `$'`, `` $` ``, `$1`) included. */
const uriTail = fc.array(fc.constantFrom("a", "b", "1", "-", ".", "/", "$", "&", "'", "`", "_", "~", "%20", "$&", "$'", "$`", "$$"), { minLength: 1, maxLength: 12 }).map((p) => p.join(""));
const hlsUri = fc.oneof(uriTail.map((t) => `/media/media1/${t}`), uriTail.map((t) => `https://origin.example/p/old/media1/${t}`), uriTail.map((t) => `seg-${t}`), uriTail.map((t) => `/elsewhere/${t}`));

const builtHls = fc.tuple(fc.array(hlsUri, { minLength: 1, maxLength: 6 }), options).map(([uris, o]): ManifestInput => ({
  path: "index.m3u8",
  text: `#EXTM3U\n#EXT-X-TARGETDURATION:2\n${uris.map((u) => `#EXTINF:2.000,\n${u}\n`).join("")}`,
  options: o,
  uris,
}));

const dashUri = fc.oneof(uriTail.map((t) => `/media/media1/${t.replace(/&/g, "")}`), uriTail.map((t) => `https://origin.example/media/media1/${t.replace(/&/g, "")}`));
const builtMpd = fc.tuple(fc.array(dashUri, { minLength: 1, maxLength: 4 }), options).map(([uris, o]): ManifestInput => ({
  path: "manifest.mpd",
  text: `<?xml version="1.0"?>\n<MPD>\n${uris.map((u) => `  <BaseURL>${u}</BaseURL>\n`).join("")}</MPD>\n`,
  options: o,
  uris,
}));

const isMpd = (bytes: Uint8Array) => asText(bytes.subarray(0, 64)).includes("<?xml") || asText(bytes.subarray(0, 64)).includes("<MPD");
const textInput = (text: fc.Arbitrary<string>, path: ManifestInput["path"]) => fc.tuple(text, options).map(([t, o]): ManifestInput => ({ path, text: t, options: o }));

function rewrite(input: { path: string; text: string; options: ManifestRewriteOptions }): string {
  try {
    return rewriteManifest(input.path, input.text, input.options);
  } catch (error) {
    throw new FuzzFinding(`rewrite threw ${String(error)}`);
  }
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

export const manifestFuzz = fuzzTarget<ManifestInput>({
  name: "manifest",
  parser: "core/src/manifest/rewrite-manifest.ts",
  seeds: () => textSeeds("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n", '<?xml version="1.0"?>\n<MPD><BaseURL>/media/media1/</BaseURL></MPD>\n'),
  arbitraries: (seeds) => ({
    text: textInput(fc.string({ unit: "binary", maxLength: 400 }), "index.m3u8"),
    hlsGrammar: textInput(stringFrom(HLS_ALPHABET, 120), "index.m3u8"),
    dashGrammar: textInput(stringFrom(DASH_ALPHABET, 120), "manifest.mpd"),
    mutated: fc.tuple(mutatedBytes(seeds, 12), options).map(([bytes, o]): ManifestInput => ({ path: isMpd(bytes) ? "manifest.mpd" : "index.m3u8", text: asText(bytes), options: o })),
    builtHls,
    builtMpd,
  }),
  run(input) {
    const once = rewrite(input);
    invariant(rewrite({ ...input, text: once }) === once, "a second rewrite changed the manifest");
    if (input.uris === undefined) return;
    const expected = input.uris.map((u) => rewriteUri(u, input.options.uri));
    if (input.path === "index.m3u8") {
      const out = parseHlsLines(once).filter((l) => l.kind === "uri").map((l) => l.text);
      invariant(JSON.stringify(out) === JSON.stringify(expected), () => `URI lines ${JSON.stringify(out)}, expected ${JSON.stringify(expected)}`);
    } else {
      const out = [...once.matchAll(/<BaseURL>([^<]*)<\/BaseURL>/g)].map((m) => m[1]);
      invariant(JSON.stringify(out) === JSON.stringify(expected.map((u, i) => (u === input.uris?.[i] ? u : escapeXml(u)))), () => `BaseURLs ${JSON.stringify(out)}, expected ${JSON.stringify(expected)}`);
    }
  },
});
