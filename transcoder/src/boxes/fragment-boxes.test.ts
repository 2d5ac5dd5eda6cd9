// Table-driven decode/encode tests for the fragment boxes we rewrite (ISO/IEC 14496-12 §8.8).
import { describe, expect, it } from "vitest";
import { boxTable, hex } from "./testing/box-table.ts";
import { readChildren } from "./children.ts";
import { parseMfhd, writeMfhd } from "./mfhd.ts";
import { parseTfdt, writeTfdt } from "./tfdt.ts";
import { parseTfhd, writeTfhd } from "./tfhd.ts";
import { parseTrun, writeTrun } from "./trun.ts";
import { isTributaryError } from "#core/errors.ts";

describe("mfhd", () =>
  boxTable(parseMfhd, writeMfhd, [
    { name: "sequence 1", decoded: { sequence_number: 1 }, bytes: hex(`00000010 6d666864 # size 16, 'mfhd'
      00 000000 # version 0, flags 0
      00000001 # sequence_number`) },
  ]));

describe("tfdt", () =>
  boxTable(parseTfdt, writeTfdt, [
    { name: "version 0", decoded: { version: 0, base_media_decode_time: 30720 }, bytes: hex(`00000010 74666474 00 000000 # size, 'tfdt', v0
      00007800 # base_media_decode_time 30720`) },
    { name: "version 1 (ffmpeg)", decoded: { version: 1, base_media_decode_time: 0x1_0000_0000 }, bytes: hex(`00000014 74666474 01 000000 # size 20, 'tfdt', v1
      00000001 00000000 # base_media_decode_time 2^32`) },
  ]));

describe("tfhd", () =>
  boxTable(parseTfhd, writeTfhd, [
    {
      name: "ffmpeg default-base-is-moof with defaults",
      decoded: { flags: 0x02003a, track_ID: 1, base_data_offset: undefined, sample_description_index: 1, default_sample_duration: 1024, default_sample_size: 8583, default_sample_flags: 0x01010000 },
      bytes: hex(`00000020 74666864 # size 32, 'tfhd'
        00 02003a # v0; default-base-is-moof | sdi | duration | size | flags present
        00000001 # track_ID
        00000001 # sample_description_index
        00000400 # default_sample_duration 1024
        00002187 # default_sample_size 8583
        01010000 # default_sample_flags: depends_on 1, non-sync`),
    },
  ]));

describe("trun", () =>
  boxTable(parseTrun, writeTrun, [
    {
      name: "data offset, first sample flags, sizes",
      decoded: { version: 1, flags: 0x000205, data_offset: 136, first_sample_flags: 0x02000000, samples: [{ sample_size: 8583, sample_duration: undefined, sample_flags: undefined, sample_composition_time_offset: undefined }, { sample_size: 4443, sample_duration: undefined, sample_flags: undefined, sample_composition_time_offset: undefined }] },
      bytes: hex(`00000020 7472756e # size 32, 'trun'
        01 000205 # v1; data-offset | first-sample-flags | sample-size
        00000002 # sample_count
        00000088 # data_offset 136
        02000000 # first_sample_flags: depends_on 2 (I-frame), sync
        00002187 # sample_size[0]
        0000115b # sample_size[1]`),
    },
    {
      name: "durations and signed composition offsets",
      decoded: { version: 1, flags: 0x000900, data_offset: undefined, first_sample_flags: undefined, samples: [{ sample_duration: 512, sample_size: undefined, sample_flags: undefined, sample_composition_time_offset: -512 }] },
      bytes: hex(`00000018 7472756e 01 000900 # size 24, 'trun', v1; duration | cto
        00000001 # sample_count
        00000200 # sample_duration 512
        fffffe00 # sample_composition_time_offset -512`),
    },
  ]));

describe("peer-declared sizes", () => {
  it("rejects a trun whose sample_count overruns the box", () => {
    const bytes = hex(`00000014 7472756e 00 000200 ffffffff 00000001 # sample_count 2^32-1 with 4 bytes of samples`);
    expect(() => parseTrun(readChildren(bytes)[0]?.payload ?? new Uint8Array())).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });
  it("rejects a child box larger than its parent", () => {
    let error: unknown;
    try {
      readChildren(hex(`00000100 6d666864 00000000`));
    } catch (e) {
      error = e;
    }
    expect(isTributaryError(error, "media.invalid")).toBe(true);
  });
});
