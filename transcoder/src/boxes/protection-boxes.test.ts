// Table-driven decode/encode tests for the common-encryption boxes (ISO/IEC 23001-7 §7-8, ISO/IEC 14496-12 §8.7.8-9, §8.12).
import { describe, expect, it } from "vitest";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { boxTable, hex, toHex } from "./testing/box-table.ts";
import { readChildren } from "./children.ts";
import { parseFrma, writeFrma } from "./frma.ts";
import { buildBox, rewritePath } from "./box-tree.ts";
import { protectSampleEntry, sampleEntryProtection } from "./protected-sample-entry.ts";
import { CLEARKEY_SYSTEM_ID, parsePssh, writePssh } from "./pssh.ts";
import { parseSaio, writeSaio } from "./saio.ts";
import { parseSaiz, saizFor, writeSaiz } from "./saiz.ts";
import { parseSchm, writeSchm } from "./schm.ts";
import { parseSenc, writeSenc } from "./senc.ts";
import { parseSinf, writeSinf } from "./sinf.ts";
import type { ProtectionSchemeInfoBox } from "./sinf.ts";
import { parseTenc, writeTenc } from "./tenc.ts";

const KID = hex("00112233445566778899aabbccddeeff");
const IV16 = hex("0f0e0d0c0b0a09080706050403020100");
const payloadOf = (bytes: Uint8Array) => readChildren(bytes)[0]?.payload ?? new Uint8Array();

describe("tenc", () =>
  boxTable(parseTenc, writeTenc, [
    {
      name: "cenc: version 0, 8-byte per-sample IVs",
      decoded: { version: 0, default_crypt_byte_block: 0, default_skip_byte_block: 0, default_isProtected: 1, default_Per_Sample_IV_Size: 8, default_KID: KID, default_constant_IV: undefined },
      bytes: hex(`00000020 74656e63 00 000000 # size 32, 'tenc', v0
        00 00 # reserved, reserved
        01 08 # default_isProtected, default_Per_Sample_IV_Size 8
        00112233445566778899aabbccddeeff # default_KID`),
    },
    {
      name: "cbcs: version 1, pattern 1:9, 16-byte constant IV",
      decoded: { version: 1, default_crypt_byte_block: 1, default_skip_byte_block: 9, default_isProtected: 1, default_Per_Sample_IV_Size: 0, default_KID: KID, default_constant_IV: IV16 },
      bytes: hex(`00000031 74656e63 01 000000 # size 49, 'tenc', v1
        00 19 # reserved, crypt 1 | skip 9
        01 00 # default_isProtected, default_Per_Sample_IV_Size 0
        00112233445566778899aabbccddeeff # default_KID
        10 0f0e0d0c0b0a09080706050403020100 # default_constant_IV_size 16, default_constant_IV`),
    },
  ]));

describe("senc", () => {
  describe("8-byte IVs with subsamples", () =>
    boxTable((p) => parseSenc(p, 8), writeSenc, [
      {
        name: "two samples",
        decoded: {
          flags: 2,
          samples: [
            { InitializationVector: hex("0102030405060708"), subsamples: [{ BytesOfClearData: 37, BytesOfProtectedData: 4096 }, { BytesOfClearData: 5, BytesOfProtectedData: 0 }] },
            { InitializationVector: hex("0102030405060709"), subsamples: [] },
          ],
        },
        bytes: hex(`00000030 73656e63 00 000002 # size 48, 'senc', v0, use_subsample_encryption
          00000002 # sample_count
          0102030405060708 0002 # IV, subsample_count 2
          0025 00001000 # 37 clear, 4096 protected
          0005 00000000 # 5 clear
          0102030405060709 0000 # IV, no subsamples`),
      },
    ]));
  describe("constant IV, whole samples", () =>
    boxTable((p) => parseSenc(p, 0), writeSenc, [
      { name: "three empty entries", decoded: { flags: 0, samples: [0, 1, 2].map(() => ({ InitializationVector: new Uint8Array() })) }, bytes: hex(`00000010 73656e63 00 000000 # size 16, 'senc'
        00000003 # sample_count 3, no per-sample data`) },
    ]));
});

describe("saiz", () =>
  boxTable(parseSaiz, writeSaiz, [
    { name: "one default size", decoded: { flags: 0, aux_info_type: undefined, aux_info_type_parameter: undefined, default_sample_info_size: 16, sample_count: 30, sample_info_size: undefined }, bytes: hex(`00000011 7361697a 00 000000 # size 17, 'saiz'
      10 0000001e # default_sample_info_size 16, sample_count 30`) },
    { name: "a size per sample, typed", decoded: { flags: 1, aux_info_type: "cenc", aux_info_type_parameter: 0, default_sample_info_size: 0, sample_count: 3, sample_info_size: [16, 22, 8] }, bytes: hex(`0000001c 7361697a 00 000001 # size 28, 'saiz', aux_info_type present
      63656e63 00000000 # aux_info_type 'cenc', parameter 0
      00 00000003 # default 0, sample_count 3
      10 16 08 # sample_info_size[]`) },
  ]));

describe("saio", () =>
  boxTable(parseSaio, writeSaio, [
    { name: "one 32-bit offset", decoded: { version: 0, flags: 0, aux_info_type: undefined, aux_info_type_parameter: undefined, offset: [412] }, bytes: hex(`00000014 7361696f 00 000000 # size 20, 'saio', v0
      00000001 0000019c # entry_count 1, offset 412`) },
    { name: "one 64-bit offset", decoded: { version: 1, flags: 0, aux_info_type: undefined, aux_info_type_parameter: undefined, offset: [2 ** 33] }, bytes: hex(`00000018 7361696f 01 000000 # size 24, 'saio', v1
      00000001 0000000200000000 # entry_count 1, offset 2^33`) },
  ]));

describe("pssh", () =>
  boxTable(parsePssh, writePssh, [
    {
      name: "W3C ClearKey, version 1 with one KID",
      decoded: { version: 1, SystemID: CLEARKEY_SYSTEM_ID, KID: [KID], Data: new Uint8Array() },
      bytes: hex(`00000034 70737368 01 000000 # size 52, 'pssh', v1
        1077efecc0b24d02ace33c1e52e2fb4b # SystemID: W3C Common PSSH (ClearKey)
        00000001 00112233445566778899aabbccddeeff # KID_count 1, KID
        00000000 # DataSize 0`),
    },
    {
      name: "version 0 with system data",
      decoded: { version: 0, SystemID: hex("edef8ba979d64acea3c827dcd51d21ed"), KID: [], Data: hex("1210abcd") },
      bytes: hex(`00000024 70737368 00 000000 # size 36, 'pssh', v0
        edef8ba979d64acea3c827dcd51d21ed # SystemID: Widevine
        00000004 1210abcd # DataSize 4, Data`),
    },
  ]));

describe("frma and schm", () => {
  boxTable(parseFrma, writeFrma, [{ name: "avc1", decoded: { data_format: "avc1" }, bytes: hex(`0000000c 66726d61 61766331 # size 12, 'frma', 'avc1'`) }]);
  boxTable(parseSchm, writeSchm, [{ name: "cbcs 1.0", decoded: { scheme_type: "cbcs", scheme_version: 0x10000 }, bytes: hex(`00000014 7363686d 00 000000 # size 20, 'schm', v0
    63626373 00010000 # scheme_type 'cbcs', scheme_version 1.0`) }]);
});

const cencSinf: ProtectionSchemeInfoBox = {
  frma: { data_format: "mp4a" },
  schm: { scheme_type: "cenc", scheme_version: 0x10000 },
  schi: { tenc: { version: 0, default_crypt_byte_block: 0, default_skip_byte_block: 0, default_isProtected: 1, default_Per_Sample_IV_Size: 8, default_KID: KID, default_constant_IV: undefined } },
};

describe("sinf (with schi)", () =>
  boxTable(parseSinf, writeSinf, [
    {
      name: "cenc-protected mp4a",
      decoded: cencSinf,
      bytes: hex(`00000050 73696e66 # size 80, 'sinf'
        0000000c 66726d61 6d703461 # frma 'mp4a'
        00000014 7363686d 00000000 63656e63 00010000 # schm 'cenc' 1.0
        00000028 73636869 # schi, size 40
        00000020 74656e63 00000000 0000 0108 00112233445566778899aabbccddeeff # tenc v0, 8-byte IVs, default_KID`),
    },
  ]));

describe("protected sample entries", () => {
  const sinf = new ByteWriter();
  writeSinf(sinf, cencSinf);
  const esds = hex("0000000c 65736473 00000000"); // an empty esds: its bytes are carried, not read
  // AudioSampleEntry: reserved[6], data_reference_index 1, reserved[2], channelcount 2, samplesize 16, pre_defined, reserved, samplerate 48000.
  const mp4a = buildBox("mp4a", hex("000000000000 0001 0000000000000000 0002 0010 0000 0000 bb800000"), [esds]);

  it("renames mp4a to enca, keeps its fields and children and appends the sinf", () => {
    const entry = readChildren(mp4a)[0];
    if (entry === undefined) throw new Error("no entry");
    const out = protectSampleEntry(entry, sinf.finish());
    const box = readChildren(out)[0];
    expect(box?.type).toBe("enca");
    expect(toHex(box?.payload.subarray(0, entry.payload.byteLength) ?? new Uint8Array())).toBe(toHex(entry.payload));
    expect(box === undefined ? undefined : sampleEntryProtection(box)).toEqual(cencSinf);
  });

  it("rewrites a path inside a tree and fixes every enclosing size", () => {
    const stsd = buildBox("stsd", hex("00000000 00000001"), [mp4a]);
    const stbl = buildBox("stbl", new Uint8Array(), [stsd, hex("00000010 73747473 00000000 00000000")]);
    const root = readChildren(stbl)[0];
    if (root === undefined) throw new Error("no stbl");
    const out = rewritePath(root, ["stsd", "mp4a"], (entry) => protectSampleEntry(entry, sinf.finish()));
    const [newStsd, stts] = readChildren(readChildren(out)[0]?.payload ?? new Uint8Array());
    expect(out.byteLength).toBe(stbl.byteLength + 80 + 0);
    expect(stts?.type).toBe("stts");
    expect(readChildren(newStsd?.payload.subarray(8) ?? new Uint8Array()).map((c) => c.type)).toEqual(["enca"]);
  });
});

describe("peer-declared counts", () => {
  it("rejects a senc whose sample_count overruns the box", () => {
    expect(() => parseSenc(payloadOf(hex("00000018 73656e63 00000000 00000100 0102030405060708")), 8)).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });
  it("rejects a senc whose subsample_count overruns the box", () => {
    expect(() => parseSenc(payloadOf(hex("0000001a 73656e63 00000002 00000001 0102030405060708 ffff")), 8)).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });
  it("rejects a pssh whose KID_count overruns the box", () => {
    expect(() => parsePssh(payloadOf(hex("00000024 70737368 01000000 1077efecc0b24d02ace33c1e52e2fb4b 7fffffff 00000000")))).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });
  it("rejects a saiz or saio whose count overruns the box", () => {
    expect(() => parseSaiz(payloadOf(hex("00000011 7361697a 00000000 00 ffffffff")))).toThrow(expect.objectContaining({ code: "media.invalid" }));
    expect(() => parseSaio(payloadOf(hex("00000014 7361696f 00000000 00000002 00000010")))).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });
  it("rejects a tenc IV size the spec does not allow", () => {
    expect(() => parseTenc(payloadOf(hex("00000020 74656e63 00000000 0000 0104 00112233445566778899aabbccddeeff")))).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });
});

describe("saizFor", () => {
  it("uses one default when every entry has the same size, else a table", () => {
    expect(saizFor([16, 16])).toMatchObject({ default_sample_info_size: 16, sample_count: 2, sample_info_size: undefined });
    expect(saizFor([16, 22])).toMatchObject({ default_sample_info_size: 0, sample_info_size: [16, 22] });
    expect(saizFor([0, 0])).toMatchObject({ default_sample_info_size: 0, sample_info_size: [0, 0] });
  });
});
