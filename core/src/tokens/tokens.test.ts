import { base64url as joseB64, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { isTributaryError, type ErrorCode } from "../errors.ts";
import { signPlaybackToken } from "./sign.ts";
import { activeKey, publicJwks, removeKey, rotateKeyring, type Keyring } from "./signing-keys.ts";
import { verifyPlaybackToken } from "./verify.ts";

const NOW = Date.UTC(2026, 10, 26, 12);
const NOW_S = NOW / 1000;
let ring: Keyring;

async function refusal(token: string, options: { mediaId?: string; ring?: Keyring } = {}): Promise<ErrorCode> {
  try {
    await verifyPlaybackToken(token, { jwks: publicJwks((options.ring ?? ring).keys), mediaId: options.mediaId ?? "media1", now: NOW });
  } catch (error) {
    if (isTributaryError(error)) return error.code;
    throw error;
  }
  throw new Error("token was accepted");
}

beforeAll(async () => {
  ring = await rotateKeyring(undefined, "ES256", new Date(NOW));
});

describe("playback tokens", () => {
  it.each(["ES256", "EdDSA"] as const)("signs and verifies with %s", async (alg) => {
    const keyring = await rotateKeyring(undefined, alg, new Date(NOW));
    const token = await signPlaybackToken(activeKey(keyring), { mediaId: "media1", expiresAt: NOW_S + 60, caps: { maxHeight: 720 } }, NOW);
    const claims = await verifyPlaybackToken(token, { jwks: publicJwks(keyring.keys), mediaId: "media1", now: NOW });
    expect(claims.sub).toBe("media1");
    expect(claims.caps).toEqual({ maxHeight: 720 });
  });

  it.each(["ES256", "EdDSA"] as const)("refuses a %s token whose signature is spelled with non-zero unused bits", async (alg) => {
    // Found by fuzzing: the signature's last base64url character carries unused bits that decoders
    // ignore, so changing them gave a different token string that still verified.
    const keyring = await rotateKeyring(undefined, alg, new Date(NOW));
    const token = await signPlaybackToken(activeKey(keyring), { mediaId: "media1", expiresAt: NOW_S + 60 }, NOW);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(token.at(-1) as string);
    const respelled = token.slice(0, -1) + (alphabet[last ^ 1] as string);
    await expect(verifyPlaybackToken(respelled, { jwks: publicJwks(keyring.keys), mediaId: "media1", now: NOW })).rejects.toMatchObject({ code: "token.invalid" });
    await expect(verifyPlaybackToken(token, { jwks: publicJwks(keyring.keys), mediaId: "media1", now: NOW })).resolves.toMatchObject({ sub: "media1" });
  });

  it("never publishes private key members in the JWKS", () => {
    for (const jwk of publicJwks(ring.keys).keys) expect(jwk).not.toHaveProperty("d");
  });

  const attacks: { name: string; make: () => Promise<string>; code: ErrorCode; mediaId?: string }[] = [
    { name: "expired", make: () => signPlaybackToken(activeKey(ring), { mediaId: "media1", expiresAt: NOW_S - 60 }, NOW), code: "token.expired" },
    { name: "not yet valid", make: () => signPlaybackToken(activeKey(ring), { mediaId: "media1", expiresAt: NOW_S + 600, notBefore: NOW_S + 300 }, NOW), code: "token.not_yet_valid" },
    {
      name: "wrong audience",
      make: async () => {
        const key = activeKey(ring);
        const { importJWK } = await import("jose");
        return new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: key.kid }).setSubject("media1").setAudience("api").setExpirationTime(NOW_S + 60).sign(await importJWK(key.privateJwk ?? {}, "ES256"));
      },
      code: "token.wrong_audience",
    },
    { name: "wrong sub", make: () => signPlaybackToken(activeKey(ring), { mediaId: "other", expiresAt: NOW_S + 60 }, NOW), code: "token.wrong_media" },
    { name: "alg none", make: async () => new UnsecuredJWT({ aud: "playback" }).setSubject("media1").setExpirationTime(NOW_S + 60).encode(), code: "token.invalid" },
    {
      name: "HS256 with the public key as the secret",
      make: async () => {
        const key = activeKey(ring);
        const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
        return new SignJWT({}).setProtectedHeader({ alg: "HS256", kid: key.kid }).setSubject("media1").setAudience("playback").setExpirationTime(NOW_S + 60).sign(secret);
      },
      code: "token.invalid",
    },
    {
      name: "unknown kid",
      make: async () => signPlaybackToken(activeKey(await rotateKeyring(undefined, "ES256", new Date(NOW))), { mediaId: "media1", expiresAt: NOW_S + 60 }, NOW),
      code: "token.unknown_key",
    },
    {
      name: "tampered payload",
      make: async () => {
        const [header, , signature] = (await signPlaybackToken(activeKey(ring), { mediaId: "media1", expiresAt: NOW_S + 60 }, NOW)).split(".");
        const forged = joseB64.encode(JSON.stringify({ sub: "media1", aud: "playback", exp: NOW_S + 999_999 }));
        return `${header}.${forged}.${signature}`;
      },
      code: "token.invalid",
    },
    { name: "truncated", make: async () => (await signPlaybackToken(activeKey(ring), { mediaId: "media1", expiresAt: NOW_S + 60 }, NOW)).slice(0, -10), code: "token.invalid" },
    { name: "oversized", make: async () => "a".repeat(8 * 1024 + 1), code: "token.too_large" },
    { name: "empty", make: async () => "", code: "token.missing" },
  ];

  it.each(attacks)("refuses a token that is $name", async ({ make, code, mediaId }) => {
    expect(await refusal(await make(), mediaId === undefined ? {} : { mediaId })).toBe(code);
  });

  it("keeps verifying the old kid after rotation until it is removed", async () => {
    const first = await rotateKeyring(undefined, "ES256", new Date(NOW));
    const oldToken = await signPlaybackToken(activeKey(first), { mediaId: "media1", expiresAt: NOW_S + 60 }, NOW);
    const rotated = await rotateKeyring(first, "EdDSA", new Date(NOW));
    const newToken = await signPlaybackToken(activeKey(rotated), { mediaId: "media1", expiresAt: NOW_S + 60 }, NOW);
    const jwks = publicJwks(rotated.keys);
    await expect(verifyPlaybackToken(oldToken, { jwks, mediaId: "media1", now: NOW })).resolves.toMatchObject({ sub: "media1" });
    await expect(verifyPlaybackToken(newToken, { jwks, mediaId: "media1", now: NOW })).resolves.toMatchObject({ sub: "media1" });
    const pruned = removeKey(rotated, first.activeKid);
    expect(await refusal(oldToken, { ring: pruned })).toBe("token.unknown_key");
    expect(() => removeKey(rotated, rotated.activeKid)).toThrow(TypeError);
  });
});
