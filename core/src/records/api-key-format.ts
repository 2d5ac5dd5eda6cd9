/**
 * API keys read `tk_<keyId>_<secret>`: the key id names the index object that says which tenant
 * owns the key, so authenticating needs one read and no scan. Key ids come from `newId` and never
 * contain `_`; the secret (base64url) may, so only the first separator after the id counts.
 */
const PREFIX = "tk_";
const KEY_ID = /^[0-9a-z]{26}$/;

export function formatApiKey(keyId: string, secret: string): string {
  if (!KEY_ID.test(keyId)) throw new TypeError("api key id must come from newId");
  return `${PREFIX}${keyId}_${secret}`;
}

/** The key id of a presented key, or `undefined` when it is not shaped like one of ours. */
export function apiKeyId(presented: string): string | undefined {
  if (!presented.startsWith(PREFIX) || presented.length > 256) return undefined;
  const keyId = presented.slice(PREFIX.length, PREFIX.length + 26);
  if (!KEY_ID.test(keyId) || presented[PREFIX.length + 26] !== "_") return undefined;
  return keyId;
}
