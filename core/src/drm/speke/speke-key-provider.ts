/**
 * The KeyProvider (../key-provider.ts) for tenants with a SPEKE v2.0 key provider: one CPIX exchange
 * per media and key period, one content key for all tracks (encryption contract `ALL`), signalled for
 * the tenant's DRM systems that play the scheme. The key id is derived from tenant, media and period,
 * so a retried request asks for the same key id (SPEKE: the encryptor's KID is stable for a content
 * id and key period). The `pssh` boxes go to the packager as given; the MPD and HLS signalling of each
 * system is returned beside them.
 */
import { sha256 } from "../../crypto/bytes.ts";
import type { ContentKey } from "../content-key.ts";
import type { KeyProvider, KeyRequest } from "../key-provider.ts";
import type { CpixSystemAnswer } from "./cpix-drm-answer.ts";
import type { CpixRequest } from "./cpix-request.ts";
import { supportsScheme } from "./drm-systems.ts";
import { exchangeCpix, type SpekeClientOptions } from "./speke-client.ts";
import type { SpekeProviderConfig } from "./speke-config.ts";
import { spekeError } from "./speke-error.ts";

/** Where each tenant's provider config comes from (speke-config-store.ts reads it from storage). */
export interface SpekeConfigSource {
  /** The tenant's opened config, or `undefined` when it has none. */
  config(tenantId: string): Promise<SpekeProviderConfig | undefined>;
}

/** A content key from a SPEKE provider, with each DRM system's manifest signalling. */
export interface SpekeContentKey extends ContentKey {
  readonly signaling: readonly CpixSystemAnswer[];
}

/** A UUIDv8 (RFC 9562 §5.8) from SHA-256 over tenant, media and key period. */
export async function spekeKid(tenantId: string, mediaId: string, period: number): Promise<Uint8Array> {
  const kid = (await sha256(`tributary speke kid v1\n${tenantId}\n${mediaId}\n${period}`)).slice(0, 16);
  kid[6] = ((kid[6] ?? 0) & 0x0f) | 0x80;
  kid[8] = ((kid[8] ?? 0) & 0x3f) | 0x80;
  return kid;
}

export class SpekeKeyProvider implements KeyProvider {
  readonly #configs: SpekeConfigSource;
  readonly #client: SpekeClientOptions;

  constructor(configs: SpekeConfigSource, client: SpekeClientOptions = {}) {
    this.#configs = configs;
    this.#client = client;
  }

  async contentKey(request: KeyRequest): Promise<SpekeContentKey> {
    const { tenantId, mediaId, scheme, period } = request;
    if (scheme === "aes-128") throw spekeError("unsupported_scheme", "SPEKE serves cenc and cbcs keys; aes-128 keys come from the platform", { details: { scheme } });
    const config = await this.#configs.config(tenantId);
    if (config === undefined) throw spekeError("not_configured", `tenant ${tenantId} has no key provider configured`, { details: { tenantId } });
    const systems = config.systems.filter((system) => supportsScheme(system, scheme));
    if (systems.length === 0) throw spekeError("not_configured", `none of tenant ${tenantId}'s DRM systems (${config.systems.join(", ")}) plays ${scheme}`, { details: { tenantId, scheme } });
    const periodId = `keyPeriod_${period}`;
    const cpix: CpixRequest = {
      contentId: mediaId,
      scheme,
      systems,
      periods: [{ id: periodId, index: period }],
      keys: [{ kid: await spekeKid(tenantId, mediaId, period), intendedTrackType: "ALL", periodId }],
    };
    const { keys } = await exchangeCpix(config, cpix, this.#client);
    const [answer] = keys;
    if (answer === undefined) throw new TypeError("a checked CPIX answer has one key per requested key");
    const pssh = answer.systems.flatMap((system) => (system.pssh ? [system.pssh] : []));
    return {
      kid: answer.kid,
      key: answer.key,
      // cbcs uses one constant IV per key (ISO/IEC 23001-7 §10.4); cenc's IVs are per sample.
      ...(scheme === "cbcs" && answer.explicitIV !== undefined && { iv: answer.explicitIV }),
      ...(pssh.length > 0 && { pssh }),
      signaling: answer.systems,
    };
  }
}
