/**
 * The packager's one encryption seam. A stream or asset with `encryption` other than `none` gets a
 * MediaEncryptor per rendition; the package writer and the live origin pass every init segment and
 * every media fragment (segment or LL-HLS part, `moof`+`mdat`) through it before the bytes are stored
 * or served, and the playlist serializers ask it which key tags to write.
 *
 * - `aes-128`: whole-object AES-128-CBC (HLS `EXT-X-KEY:METHOD=AES-128`); init segments stay clear.
 * - `cenc`: ISO/IEC 23001-7 AES-CTR, subsample encryption of video NAL units (`tenc`, `senc`, `saiz`,
 *   `saio`, `pssh` boxes).
 * - `cbcs`: AES-CBC pattern encryption 1:9 with a constant IV (HLS `SAMPLE-AES`, DASH cbcs).
 */

import type { ContentKey, EncryptionScheme } from "#core/drm/content-key.ts";

export type { ContentKey, EncryptionScheme };

export interface MediaEncryptor {
  readonly scheme: EncryptionScheme;
  /** The init segment as stored: unchanged for aes-128, with protection boxes for cenc and cbcs. */
  init(init: Uint8Array, key: ContentKey): Uint8Array;
  /** One media fragment (segment or part) encrypted under `key`; `sequence` is its media sequence number. */
  fragment(fragment: Uint8Array, key: ContentKey, sequence: number): Uint8Array;
}
