/**
 * The session id the edge mints when the player sent no CMCD `sid` and the token carries none: a hash
 * of the playback token the viewer presents, so every request of one playback session (which reuses
 * its token) gets the same id on any edge, with nothing stored. The token cannot be recovered from it.
 */
import { base64url, sha256 } from "#core/crypto/bytes.ts";

export async function tokenSessionId(token: string): Promise<string> {
  return `t-${base64url((await sha256(`tributary-session\n${token}`)).subarray(0, 16))}`;
}
