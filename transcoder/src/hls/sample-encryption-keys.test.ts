import { describe, expect, it } from "vitest";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { writePssh } from "../boxes/pssh.ts";
import { sampleEncryptionKeyTags } from "./sample-encryption-keys.ts";

const kid = Uint8Array.from(Buffer.from("a7e61c373e219033c21091fa607bf3b8", "hex"));
const pssh = (system: string, data: number[]) => {
  const w = new ByteWriter();
  writePssh(w, { version: 0, SystemID: Uint8Array.from(Buffer.from(system, "hex")), KID: [], Data: Uint8Array.from(data) });
  return w.finish();
};

describe("EXT-X-KEY for common encryption", () => {
  it("writes SAMPLE-AES for cbcs: ClearKey, FairPlay, Widevine and PlayReady", () => {
    const tags = sampleEncryptionKeyTags({
      scheme: "cbcs",
      kid,
      clearKeyUri: "https://edge.example/k/T/m1/a7e6",
      fairPlayUri: "skd://a7e61c373e219033c21091fa607bf3b8",
      pssh: [pssh("edef8ba979d64acea3c827dcd51d21ed", [0x12, 0x10]), pssh("9a04f07998404286ab92e65be0885f95", [0x3c, 0x00]), pssh("00000000000000000000000000000001", [])],
    });
    expect(tags).toEqual([
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="https://edge.example/k/T/m1/a7e6",KEYID=0xa7e61c373e219033c21091fa607bf3b8,KEYFORMAT="org.w3.clearkey",KEYFORMATVERSIONS="1"',
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://a7e61c373e219033c21091fa607bf3b8",KEYID=0xa7e61c373e219033c21091fa607bf3b8,KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"',
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AAAAInBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAAAISEA==",KEYID=0xa7e61c373e219033c21091fa607bf3b8,KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed",KEYFORMATVERSIONS="1"',
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;charset=UTF-16;base64,PAA=",KEYID=0xa7e61c373e219033c21091fa607bf3b8,KEYFORMAT="com.microsoft.playready",KEYFORMATVERSIONS="1"',
    ]);
  });

  it("writes SAMPLE-AES-CTR for cenc and refuses FairPlay with it", () => {
    expect(sampleEncryptionKeyTags({ scheme: "cenc", kid, clearKeyUri: "https://edge.example/k" })).toEqual([
      '#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="https://edge.example/k",KEYID=0xa7e61c373e219033c21091fa607bf3b8,KEYFORMAT="org.w3.clearkey",KEYFORMATVERSIONS="1"',
    ]);
    expect(() => sampleEncryptionKeyTags({ scheme: "cenc", kid, fairPlayUri: "skd://x" })).toThrow(TypeError);
  });
});
