/** The token attacks of core/src/tokens/tokens.test.ts as HTTP cases, with the status each must get. */
import { base64url, importJWK, SignJWT, UnsecuredJWT } from "jose";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey, rotateKeyring, type Keyring } from "#core/tokens/signing-keys.ts";

export interface TokenAttack {
  name: string;
  make: (ring: Keyring, nowS: number) => Promise<string>;
  status: number;
  code: string;
}

const valid = (ring: Keyring, nowS: number) => signPlaybackToken(activeKey(ring), { mediaId: "media1", expiresAt: nowS + 300 }, nowS * 1000);

export const TOKEN_ATTACKS: TokenAttack[] = [
  { name: "expired", status: 401, code: "token.expired", make: (r, now) => signPlaybackToken(activeKey(r), { mediaId: "media1", expiresAt: now - 60 }, (now - 600) * 1000) },
  { name: "not yet valid", status: 401, code: "token.not_yet_valid", make: (r, now) => signPlaybackToken(activeKey(r), { mediaId: "media1", expiresAt: now + 900, notBefore: now + 300 }, now * 1000) },
  {
    name: "wrong aud",
    status: 401,
    code: "token.wrong_audience",
    make: async (r, now) => {
      const key = activeKey(r);
      return new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: key.kid }).setSubject("media1").setAudience("api").setExpirationTime(now + 60).sign(await importJWK(key.privateJwk ?? {}, "ES256"));
    },
  },
  { name: "wrong sub", status: 403, code: "token.wrong_media", make: (r, now) => signPlaybackToken(activeKey(r), { mediaId: "other", expiresAt: now + 60 }, now * 1000) },
  { name: "alg none", status: 401, code: "token.invalid", make: async (_r, now) => new UnsecuredJWT({ aud: "playback" }).setSubject("media1").setExpirationTime(now + 60).encode() },
  {
    name: "HS256 confusion",
    status: 401,
    code: "token.invalid",
    make: async (r, now) => {
      const key = activeKey(r);
      const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
      return new SignJWT({}).setProtectedHeader({ alg: "HS256", kid: key.kid }).setSubject("media1").setAudience("playback").setExpirationTime(now + 60).sign(secret);
    },
  },
  { name: "unknown kid", status: 401, code: "token.unknown_key", make: async (_r, now) => valid(await rotateKeyring(undefined, "ES256", new Date(now * 1000)), now) },
  {
    name: "tampered",
    status: 401,
    code: "token.invalid",
    make: async (r, now) => {
      const [header, , signature] = (await valid(r, now)).split(".");
      return `${header}.${base64url.encode(JSON.stringify({ sub: "media1", aud: "playback", exp: now + 999_999 }))}.${signature}`;
    },
  },
  { name: "truncated", status: 401, code: "token.invalid", make: async (r, now) => (await valid(r, now)).slice(0, -10) },
  // Over 2048 characters the URL itself is refused, before the token is looked at.
  { name: "oversized", status: 400, code: "request.invalid", make: async () => "a".repeat(8 * 1024 + 1) },
  { name: "garbage", status: 401, code: "token.invalid", make: async () => "not-a-token" },
];
