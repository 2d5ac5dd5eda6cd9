/**
 * A broadcast's encryption stage: the stream's MediaProtection, and joined events passed through it in
 * order. Encrypting is asynchronous (a key period's key may still be on its way), so each event waits
 * for the one before it; an event whose key cannot be had is dropped, never sent in the clear.
 */
import type { ContentKeyStore } from "#core/drm/content-key-store.ts";
import type { KeyProvider } from "#core/drm/key-provider.ts";
import { TributaryError } from "#core/errors.ts";
import type { StreamRecord } from "#core/records/schemas.ts";
import type { Logger } from "#core-node/logger.ts";
import type { SegmenterEvent } from "#transcoder/cmaf/types.ts";
import { mediaProtection, type MediaProtection } from "#transcoder/encryption/media-protection.ts";

/** Where an encrypted stream's content keys come from and are kept (sealed). */
export interface BroadcastKeys {
  store: Pick<ContentKeyStore, "periodKey">;
  provider: KeyProvider;
}

/** The stream's encryption; throws (ending the broadcast) when it asks for one and no keys are configured. */
export function broadcastProtection(stream: StreamRecord, mediaId: string, keys: BroadcastKeys | undefined): MediaProtection | undefined {
  if (stream.encryption === "none") return undefined;
  if (keys === undefined) throw new TributaryError("drm.key_unavailable", "the stream is encrypted but this relay has no content key store", { fatal: true });
  return mediaProtection(stream.encryption, { tenantId: stream.tenantId, mediaId, rotationSegments: stream.keyRotationSegments, keys: keys.store, provider: keys.provider });
}

export class EncryptedDispatch {
  readonly protection: MediaProtection;
  readonly #log: Logger;
  readonly #mediaId: string;
  #chain: Promise<void> = Promise.resolve();

  constructor(protection: MediaProtection, log: Logger, mediaId: string) {
    this.protection = protection;
    this.#log = log;
    this.#mediaId = mediaId;
    // The first key period's key is made while the encoder starts, not when the first part is cut.
    protection.keyFor(0).catch((error: unknown) => log.error({ err: error, mediaId }, "content key unavailable"));
  }

  /** Encrypts `event` and hands it to `dispatch` after every event given before it. */
  deliver(rendition: string, event: SegmenterEvent, dispatch: (rendition: string, event: SegmenterEvent) => void): void {
    const encrypted = this.protection.protect(rendition, event);
    this.#chain = this.#chain.then(async () => {
      try {
        dispatch(rendition, await encrypted);
      } catch (error) {
        // Nothing clear goes out: without its key an event is dropped, and players see a gap.
        this.#log.error({ err: error, mediaId: this.#mediaId, rendition }, "could not encrypt; event dropped");
      }
    });
  }

  /** Resolves once every event given so far has gone out or been dropped. */
  settled(): Promise<void> {
    return this.#chain;
  }
}
