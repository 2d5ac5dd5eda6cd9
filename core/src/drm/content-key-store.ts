/**
 * Content keys in storage, sealed (key-seal.ts): `content-keys/<mediaId>/kids/<kid>.json` holds a
 * key, `content-keys/<mediaId>/periods/<n>.json` names the kid of key period n. The packager asks
 * for a period's key (made by the KeyProvider on first use, then read back); the edge asks by kid,
 * from the key URL a playlist names. Writes are If-None-Match, so two writers of one period (renditions
 * racing, a relay restarting) settle on the first key stored.
 */
import { z } from "zod";
import type { Clock } from "../clock.ts";
import { base64url, fromBase64url } from "../crypto/bytes.ts";
import { isTributaryError } from "../errors.ts";
import { readJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { ENCRYPTIONS, kidHex, parseKidHex, type ContentKey, type EncryptionScheme } from "./content-key.ts";
import type { KeyProvider, KeyRequest } from "./key-provider.ts";
import { sealKey, sealedKeySchema, unsealKey } from "./key-seal.ts";
import type { MasterKey } from "./master-key.ts";

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const bytes16 = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

export const storedContentKeySchema = z
  .object({
    kid: z.string().regex(/^[0-9a-f]{32}$/),
    mediaId: id,
    tenantId: id,
    scheme: z.enum(ENCRYPTIONS).exclude(["none"]),
    period: z.number().int().nonnegative(),
    sealed: sealedKeySchema,
    /** A fixed IV the provider set (not secret). */
    iv: bytes16.optional(),
    /** DRM system `pssh` boxes as given by the provider (not secret), base64url. */
    pssh: z.array(z.string().regex(/^[A-Za-z0-9_-]+$/).max(16_384)).max(8).optional(),
    createdAt: z.string(),
  })
  .strict();
export type StoredContentKey = z.infer<typeof storedContentKeySchema>;

const periodSchema = z.object({ kid: z.string().regex(/^[0-9a-f]{32}$/) }).strict();

/** A key as the edge needs it: clear, and who it belongs to. */
export interface DeliverableKey {
  key: ContentKey;
  tenantId: string;
  scheme: EncryptionScheme;
}

/** What key delivery reads: a media's key by kid (the edge's port onto the store). */
export interface ContentKeyLookup {
  byKid(mediaId: string, kid: string): Promise<DeliverableKey | undefined>;
}

const JSON_PUT = { contentType: "application/json", cacheControl: "no-store", ifNoneMatch: "*" as const };

export class ContentKeyStore implements ContentKeyLookup {
  readonly #store: ObjectStore;
  readonly #master: MasterKey;
  readonly #clock: Clock;

  constructor(store: ObjectStore, master: MasterKey, clock: Clock) {
    this.#store = store;
    this.#master = master;
    this.#clock = clock;
  }

  /** The key of `request`'s period: the stored one, or a new one from `provider`, sealed and stored first. */
  async periodKey(request: KeyRequest, provider: KeyProvider): Promise<ContentKey> {
    const pointerKey = keys.contentKeyPeriod(request.mediaId, request.period);
    const existing = await readJson(this.#store, pointerKey, periodSchema);
    if (existing !== undefined) return this.#mustOpen(request.mediaId, existing.value.kid);
    const fresh = await provider.contentKey(request);
    const kid = kidHex(fresh.kid);
    await this.#store.put(keys.contentKey(request.mediaId, kid), JSON.stringify(await this.#record(request, fresh, kid)), JSON_PUT);
    try {
      await this.#store.put(pointerKey, JSON.stringify({ kid }), JSON_PUT);
      return fresh;
    } catch (error) {
      if (!isTributaryError(error, "storage.precondition_failed")) throw error;
      // Another writer named this period first: use its key, drop ours (never referenced).
      await this.#store.delete(keys.contentKey(request.mediaId, kid));
      const winner = await readJson(this.#store, pointerKey, periodSchema);
      if (winner === undefined) throw error;
      return this.#mustOpen(request.mediaId, winner.value.kid);
    }
  }

  /** The key `kid` of `mediaId`, or `undefined` when there is none (an unknown or forged kid). */
  async byKid(mediaId: string, kid: string): Promise<DeliverableKey | undefined> {
    if (parseKidHex(kid) === undefined) return undefined;
    const document = await readJson(this.#store, keys.contentKey(mediaId, kid), storedContentKeySchema);
    if (document === undefined) return undefined;
    const stored = document.value;
    if (stored.mediaId !== mediaId || stored.kid !== kid) return undefined;
    const key = await unsealKey(this.#master, stored.sealed, mediaId, kid);
    return {
      key: {
        kid: parseKidHex(kid) as Uint8Array,
        key,
        ...(stored.iv === undefined ? {} : { iv: fromBase64url(stored.iv) }),
        ...(stored.pssh === undefined ? {} : { pssh: stored.pssh.map(fromBase64url) }),
      },
      tenantId: stored.tenantId,
      scheme: stored.scheme,
    };
  }

  async #mustOpen(mediaId: string, kid: string): Promise<ContentKey> {
    const found = await this.byKid(mediaId, kid);
    if (found === undefined) throw new TypeError(`key period names kid ${kid}, which is not stored`);
    return found.key;
  }

  async #record(request: KeyRequest, key: ContentKey, kid: string): Promise<StoredContentKey> {
    return {
      kid,
      mediaId: request.mediaId,
      tenantId: request.tenantId,
      scheme: request.scheme,
      period: request.period,
      sealed: await sealKey(this.#master, key.key, request.mediaId, kid),
      ...(key.iv === undefined ? {} : { iv: base64url(key.iv) }),
      ...(key.pssh === undefined ? {} : { pssh: key.pssh.map(base64url) }),
      createdAt: new Date(this.#clock.now()).toISOString(),
    };
  }
}
