/** Parses key URLs: `/k/<token>/<mediaId>/<kid>`, or `/k/<token>/<mediaId>/license` for EME license requests. */
import { parseKidHex } from "#core/drm/content-key.ts";
import { TributaryError } from "#core/errors.ts";
import { checkRequestTarget } from "../http/request-target.ts";

export interface KeyTarget {
  token: string;
  mediaId: string;
  /** 32 lowercase hex digits; absent for the `license` form. */
  kid?: string;
}

const MEDIA_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws `token.missing` for a URL without a token, `drm.key_not_found` for one that can name no key. */
export function parseKeyTarget(url: URL): KeyTarget {
  checkRequestTarget(url.pathname + url.search);
  const parts = url.pathname.split("/");
  // ["", "k", token, mediaId, kid]
  if (parts.length < 5) throw new TributaryError("token.missing", "key URLs have the form /k/<token>/<mediaId>/<kid>");
  const [, , token = "", mediaId = "", last = "", ...rest] = parts;
  if (rest.length > 0 || !MEDIA_ID.test(mediaId)) throw new TributaryError("drm.key_not_found", "no such key");
  if (last === "license") return { token, mediaId };
  if (parseKidHex(last) === undefined) throw new TributaryError("drm.key_not_found", "no such key");
  return { token, mediaId, kid: last };
}
