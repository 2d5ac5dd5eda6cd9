/**
 * Where content keys come from. The packager asks for the key of one key period of one media: a VOD
 * asset has one period (0); a live broadcast starts a new period every `rotation` segments (see
 * key-period.ts). Implementations: local generation (local-key-provider.ts) and a SPEKE v2 / CPIX
 * key server (speke/). Whatever the provider, the returned key is sealed into the key store
 * (key-store.ts) so the edge can deliver it; providers never log or persist keys in the clear.
 */
import type { ContentKey, EncryptionScheme } from "./content-key.ts";

/** One key period of one media, as the packager asks for it. */
export interface KeyRequest {
  /** The tenant the media belongs to: SPEKE endpoints and credentials are configured per tenant. */
  readonly tenantId: string;
  /** The media id the key protects (a broadcast's media id or an asset id); a SPEKE content id. */
  readonly mediaId: string;
  readonly scheme: EncryptionScheme;
  /** Key period index: 0 for VOD, `floor(sequence / rotation)` for live. */
  readonly period: number;
}

export interface KeyProvider {
  /**
   * The content key for `request`, with its key id chosen by the provider. Providers need not remember
   * what they returned: the key store (key-store.ts) asks once per media and period and keeps the
   * answer sealed, so a relay that restarts encrypts with what players already hold.
   * Throws a `TributaryError` (`drm.key_unavailable`) when the provider cannot supply one.
   */
  contentKey(request: KeyRequest): Promise<ContentKey>;
}
