/**
 * Parses an SRT streamid into the stream it names and the credentials it carries. Two forms:
 *
 * - SRT Access Control (`#!::r=<streamId>,m=publish[,s=<key>][,u=<user>]`), per the SRT
 *   AccessControl spec: comma-separated key=value pairs, unknown keys ignored, a repeated key is
 *   malformed. This port only ingests, so a missing `m` reads as publish; `s` carries the stream key.
 * - Plain `<streamId>/<key>`, for encoders that only have one text field.
 *
 * The native listener (origin-relay/native/srt/src/stream-id.cc) applies the same rules before a
 * handshake is accepted; stream-id.test.ts runs one table through both.
 */

/** SRT Access Control: a streamid is at most 512 bytes (libsrt enforces the same limit). */
export const maxStreamIdBytes = 512;
/** Longest key accepted; the relay's verifySecret also bounds presented secrets to 256 characters. */
export const maxKeyBytes = 256;

export type SrtStreamIdForm = "access-control" | "plain";

export type SrtStreamIdError =
  | "empty"
  | "too_long"
  | "bad_character"
  | "malformed"
  | "bad_resource"
  | "bad_mode"
  | "bad_type"
  | "bad_key"
  | "missing_key";

/** A parsed streamid: `resource` is the Tributary stream id. Shaped like the native parser's result. */
export interface SrtStreamId {
  ok: true;
  form: SrtStreamIdForm;
  resource: string;
  /** The stream key (`s=` or after the slash), or null when the passphrase is the only credential. */
  key: string | null;
  /** `u=`, reported as given. */
  user: string | null;
}

export type SrtStreamIdResult = SrtStreamId | { ok: false; error: SrtStreamIdError };

const utf8 = new TextEncoder();
const accessControlPrefix = "#!::";
const resourcePattern = /^[A-Za-z0-9_-]{1,64}$/;
// Printable ASCII without space: issued keys are base64url with an optional prefix.
const keyPattern = new RegExp(`^[\\x21-\\x7e]{1,${maxKeyBytes}}$`);
// Every streamid character must be printable ASCII, so bytes and characters coincide.
const printable = /^[\x20-\x7e]*$/;

export function parseSrtStreamId(raw: string): SrtStreamIdResult {
  if (raw.length === 0) return { ok: false, error: "empty" };
  if (raw.length > maxStreamIdBytes || utf8.encode(raw).length > maxStreamIdBytes) return { ok: false, error: "too_long" };
  if (!printable.test(raw)) return { ok: false, error: "bad_character" };
  return raw.startsWith(accessControlPrefix) ? parseAccessControl(raw.slice(accessControlPrefix.length)) : parsePlain(raw);
}

function parseAccessControl(body: string): SrtStreamIdResult {
  const seen = new Set<string>();
  let resource: string | null = null;
  let key: string | null = null;
  let user: string | null = null;
  for (const item of body.split(",")) {
    const eq = item.indexOf("=");
    if (eq <= 0) return { ok: false, error: "malformed" };
    const name = item.slice(0, eq);
    const value = item.slice(eq + 1);
    if (seen.has(name)) return { ok: false, error: "malformed" };
    seen.add(name);
    switch (name) {
      case "r":
        if (!resourcePattern.test(value)) return { ok: false, error: "bad_resource" };
        resource = value;
        break;
      case "m":
        if (value !== "publish") return { ok: false, error: "bad_mode" };
        break;
      case "t":
        if (value !== "stream") return { ok: false, error: "bad_type" };
        break;
      case "s":
        if (!keyPattern.test(value)) return { ok: false, error: "bad_key" };
        key = value;
        break;
      case "u":
        user = value;
        break;
    }
  }
  if (resource === null) return { ok: false, error: "bad_resource" };
  return { ok: true, form: "access-control", resource, key, user };
}

function parsePlain(raw: string): SrtStreamIdResult {
  const slash = raw.indexOf("/");
  if (slash < 0) return { ok: false, error: "missing_key" };
  const resource = raw.slice(0, slash);
  const key = raw.slice(slash + 1);
  if (!resourcePattern.test(resource)) return { ok: false, error: "bad_resource" };
  if (!keyPattern.test(key)) return { ok: false, error: "bad_key" };
  return { ok: true, form: "plain", resource, key, user: null };
}
