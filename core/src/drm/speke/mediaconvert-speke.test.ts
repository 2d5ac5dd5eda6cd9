// MediaConvert's CMAF SPEKE settings for a tenant's provider, checked against the MediaConvert SDK's
// own types and enums: what a job's CmafGroupSettings.Encryption gets for cenc and cbcs.
import { CmafEncryptionType, CmafKeyProviderType, PresetSpeke20Audio, PresetSpeke20Video, type CmafEncryptionSettings, type CmafGroupSettings } from "@aws-sdk/client-mediaconvert";
import { describe, expect, it } from "vitest";
import { mediaConvertCmafEncryption } from "./mediaconvert-speke.ts";
import type { StoredSpekeConfig } from "./speke-config.ts";

const sealed = { alg: "A256GCM", master: "0badc0de", iv: "AAAAAAAAAAAAAAAA", ciphertext: "AAAAAAAAAAAAAAAAAAAAAA" } as const;
const config: Pick<StoredSpekeConfig, "url" | "systems" | "auth"> = {
  url: "https://keys.example.com/speke/v2.0/copyProtection",
  systems: ["widevine", "playready", "fairplay"],
  auth: { kind: "sigv4", region: "us-east-1", service: "execute-api", credentials: sealed },
};

describe("mediaConvertCmafEncryption", () => {
  it("gives cbcs as SAMPLE_AES with DASH and HLS signalling and the shared SPEKE v2.0 presets", () => {
    const settings: CmafEncryptionSettings = mediaConvertCmafEncryption({ config, resourceId: "asset-1", scheme: "cbcs", certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/abc" });
    const group: CmafGroupSettings = { Encryption: settings };
    expect(group.Encryption).toEqual({
      EncryptionMethod: CmafEncryptionType.SAMPLE_AES,
      Type: CmafKeyProviderType.SPEKE,
      SpekeKeyProvider: {
        ResourceId: "asset-1",
        Url: "https://keys.example.com/speke/v2.0/copyProtection",
        CertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/abc",
        DashSignaledSystemIds: ["edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", "9a04f079-9840-4286-ab92-e65be0885f95"],
        HlsSignaledSystemIds: ["edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", "9a04f079-9840-4286-ab92-e65be0885f95", "94ce86fb-07ff-4f43-adb8-93d2fa968ca2"],
        EncryptionContractConfiguration: { SpekeAudioPreset: PresetSpeke20Audio.SHARED, SpekeVideoPreset: PresetSpeke20Video.SHARED },
      },
    });
  });

  it("gives cenc as AES_CTR signalled in DASH only, FairPlay left out", () => {
    const settings: CmafEncryptionSettings = mediaConvertCmafEncryption({ config, resourceId: "asset-2", scheme: "cenc" });
    expect(settings.EncryptionMethod).toBe(CmafEncryptionType.AES_CTR);
    expect(settings.SpekeKeyProvider?.DashSignaledSystemIds).toEqual(["edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", "9a04f079-9840-4286-ab92-e65be0885f95"]);
    expect(settings.SpekeKeyProvider?.HlsSignaledSystemIds).toBeUndefined();
    expect(settings.SpekeKeyProvider?.CertificateArn).toBeUndefined();
  });

  it("refuses providers MediaConvert cannot call and schemes no configured system plays", () => {
    expect(() => mediaConvertCmafEncryption({ config: { ...config, auth: { kind: "header", name: "X-Api-Key", value: sealed } }, resourceId: "a", scheme: "cbcs" })).toThrow(/its own IAM role/);
    expect(() => mediaConvertCmafEncryption({ config: { ...config, systems: ["fairplay"] }, resourceId: "a", scheme: "cenc" })).toThrow(/\(fairplay\) plays cenc/);
  });
});
