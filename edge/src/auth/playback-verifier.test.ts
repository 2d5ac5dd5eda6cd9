import { describe, expect, it } from "vitest";
import { tenantSigner } from "./playback-verifier.ts";

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const token = (header: object, payload: object) => `${part(header)}.${part(payload)}.c2ln`;
const platformKeys = [{ kty: "OKP", kid: "platform-1" }];

describe("tenantSigner", () => {
  it("names the tenant of a token signed with a key that is not the platform's", () => {
    expect(tenantSigner(token({ alg: "EdDSA", kid: "tenant-key" }, { tid: "acme" }), platformKeys)).toBe("acme");
  });

  it("leaves platform-signed, tenant-less, keyless, malformed and oversized tokens to the platform keys", () => {
    expect(tenantSigner(token({ alg: "EdDSA", kid: "platform-1" }, { tid: "acme" }), platformKeys)).toBeUndefined();
    expect(tenantSigner(token({ alg: "EdDSA", kid: "tenant-key" }, {}), platformKeys)).toBeUndefined();
    expect(tenantSigner(token({ alg: "EdDSA" }, { tid: "acme" }), platformKeys)).toBeUndefined();
    expect(tenantSigner(token({ alg: "EdDSA", kid: "tenant-key" }, { tid: "../acme" }), platformKeys)).toBeUndefined();
    expect(tenantSigner("not a token", platformKeys)).toBeUndefined();
    expect(tenantSigner(token({ alg: "EdDSA", kid: "tenant-key" }, { tid: "acme", pad: "x".repeat(10_000) }), platformKeys)).toBeUndefined();
  });
});
