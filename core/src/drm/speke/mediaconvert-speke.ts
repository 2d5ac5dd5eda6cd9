/**
 * AWS Elemental MediaConvert's CMAF encryption settings for a tenant's SPEKE provider
 * (CmafGroupSettings.Encryption in the MediaConvert job API), so a MediaConvert VOD job gets the
 * same protection the packager gives local jobs: cenc as AES_CTR, cbcs as SAMPLE_AES, one key for
 * audio and video (SPEKE v2.0 presets SHARED, the packager's `ALL` contract), and the tenant's DRM
 * systems signalled in DASH (those with a pssh) and HLS (those HLS plays, cbcs only). MediaConvert
 * calls the provider itself, signing with its own IAM role, so only SigV4 providers qualify; the
 * provider's API Gateway must let that role invoke it. Pure: the MediaConvert adapter calls it.
 */
import { DRM_SYSTEMS, drmSystemAsk, supportsScheme, type DrmSystemName } from "./drm-systems.ts";
import type { CpixScheme } from "./cpix-names.ts";
import type { SpekeAuth, StoredSpekeConfig } from "./speke-config.ts";
import { spekeError } from "./speke-error.ts";

/** The shape of `CmafEncryptionSettings` this builder fills (field names as the MediaConvert API spells them). */
export interface MediaConvertCmafEncryption {
  EncryptionMethod: "SAMPLE_AES" | "AES_CTR";
  Type: "SPEKE";
  SpekeKeyProvider: {
    ResourceId: string;
    Url: string;
    CertificateArn?: string;
    DashSignaledSystemIds?: string[];
    HlsSignaledSystemIds?: string[];
    EncryptionContractConfiguration: { SpekeAudioPreset: "SHARED"; SpekeVideoPreset: "SHARED" };
  };
}

/** MediaConvert signals at most three system ids per manifest. */
const MAX_SIGNALED_SYSTEMS = 3;

export interface MediaConvertSpekeInput {
  /** The tenant's provider, stored (credentials sealed) or opened: only its URL, systems and auth kind are read. */
  config: { readonly url: string; readonly systems: readonly DrmSystemName[]; readonly auth: StoredSpekeConfig["auth"] | SpekeAuth };
  /** The provider's content id: the asset id, as the packager sends it for local jobs. */
  resourceId: string;
  scheme: CpixScheme;
  /** An ACM certificate for providers that encrypt the content keys they return. */
  certificateArn?: string;
}

export function mediaConvertCmafEncryption(input: MediaConvertSpekeInput): MediaConvertCmafEncryption {
  const { config, resourceId, scheme, certificateArn } = input;
  if (config.auth.kind !== "sigv4") throw spekeError("not_configured", "MediaConvert signs SPEKE requests with its own IAM role; a provider that takes a static header cannot serve MediaConvert jobs");
  const systems = config.systems.filter((system) => supportsScheme(system, scheme));
  if (systems.length === 0) throw spekeError("not_configured", `none of the provider's DRM systems (${config.systems.join(", ")}) plays ${scheme}`, { details: { scheme } });
  const ids = (pick: (ask: ReturnType<typeof drmSystemAsk>) => boolean) =>
    systems
      .filter((system) => pick(drmSystemAsk(system, scheme)))
      .map((system) => DRM_SYSTEMS[system].systemId)
      .slice(0, MAX_SIGNALED_SYSTEMS);
  const dash = ids((ask) => ask.pssh);
  const hls = ids((ask) => ask.hlsSignalingData);
  return {
    EncryptionMethod: scheme === "cbcs" ? "SAMPLE_AES" : "AES_CTR",
    Type: "SPEKE",
    SpekeKeyProvider: {
      ResourceId: resourceId,
      Url: config.url,
      ...(certificateArn !== undefined && { CertificateArn: certificateArn }),
      ...(dash.length > 0 && { DashSignaledSystemIds: dash }),
      ...(hls.length > 0 && { HlsSignaledSystemIds: hls }),
      EncryptionContractConfiguration: { SpekeAudioPreset: "SHARED", SpekeVideoPreset: "SHARED" },
    },
  };
}
