/**
 * Fuzz target: playback token verification. Inputs are random strings, strings from the JWS compact
 * alphabet (base64url, dots), mutations of real ES256 and EdDSA tokens (bit flips, truncation,
 * splicing one token's header onto another's payload) and tokens re-assembled from random JSON
 * headers and payloads. Invariant: only the untouched tokens verify; everything else ends in a
 * TributaryError with a `token.*` code.
 */
import * as fc from "fast-check";
import { isTributaryError } from "../errors.ts";
import { FuzzFinding, fuzzTarget, invariant } from "../testing/fuzz/fuzz-target.ts";
import { asText, mutatedBytes, stringFrom } from "../testing/fuzz/mutations.ts";
import { signPlaybackToken } from "./sign.ts";
import { generateSigningKey, publicJwks, type SigningKey } from "./signing-keys.ts";
import { verifyPlaybackToken, type VerifyOptions } from "./verify.ts";

const NOW = Date.UTC(2026, 10, 26, 12);
const utf8 = new TextEncoder();
const base64url = (text: string) => btoa(String.fromCharCode(...utf8.encode(text))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

let keys: SigningKey[] | undefined;
let valid: Set<string> | undefined;
let verifyOptions: VerifyOptions | undefined;

async function realTokens(): Promise<string[]> {
  keys ??= [await generateSigningKey("ES256", new Date(NOW)), await generateSigningKey("EdDSA", new Date(NOW))];
  verifyOptions = { jwks: publicJwks(keys), now: NOW, mediaId: "media1" };
  const grants = [
    { mediaId: "media1", expiresAt: NOW / 1000 + 3600 },
    { mediaId: "media1", expiresAt: NOW / 1000 + 3600, notBefore: NOW / 1000 - 10, tenantId: "acme", sessionId: "s1", rules: { ip: ["192.0.2.0/24"], countries: ["DE"] }, caps: { maxHeight: 720 } },
  ];
  const tokens: string[] = [];
  for (const key of keys) for (const grant of grants) tokens.push(await signPlaybackToken(key, grant, NOW));
  valid = new Set(tokens);
  return tokens;
}

type TokenInput = string;

const jsonPart = fc.oneof(
  fc.json({ maxDepth: 2 }),
  fc.record({ alg: fc.constantFrom("none", "HS256", "ES256", "EdDSA", "RS256"), kid: fc.string({ maxLength: 8 }), typ: fc.constant("JWT"), crit: fc.array(fc.string(), { maxLength: 2 }) }, { requiredKeys: ["alg"] }).map((h) => JSON.stringify(h)),
);
const assembled = fc.tuple(jsonPart, jsonPart, fc.base64String({ maxLength: 90 })).map(([h, p, s]) => `${base64url(h)}.${base64url(p)}.${s.replace(/\+/g, "-").replace(/\//g, "_").replace(/=/g, "")}`);

export const tokenVerifyFuzz = fuzzTarget<TokenInput>({
  name: "playback-token",
  parser: "core/src/tokens/verify.ts",
  async: true,
  seeds: async () => (await realTokens()).map((t) => utf8.encode(t)),
  arbitraries: (seeds) => ({
    text: fc.string({ unit: "binary", maxLength: 200 }),
    alphabet: stringFrom(["eyJ", ".", "-", "_", "A", "z", "0", "9", "=", "+", "/"], 300),
    mutated: mutatedBytes(seeds, 4).map(asText),
    assembled,
    huge: fc.nat({ max: 20_000 }).map((n) => "a".repeat(n)),
  }),
  async run(token) {
    if (verifyOptions === undefined || valid === undefined) await realTokens();
    let claims;
    try {
      claims = await verifyPlaybackToken(token, verifyOptions as VerifyOptions);
    } catch (error) {
      if (!isTributaryError(error) || !error.code.startsWith("token.")) throw new FuzzFinding(`verify threw ${String(error)}`);
      return;
    }
    invariant(valid?.has(token) === true, () => `a token that was not signed verified: ${token} → ${JSON.stringify(claims)}`);
  },
});
