// The native fuzz targets: each harness with the smallest set of real sources it needs (no libsrt
// linking: stream-id.cc only reads SRT_REJX_* constants from <srt/access_control.h>).
export const targets = [
  { name: "stream-id", harness: "stream-id-fuzz.cc", sources: ["src/stream-id.cc"], libraries: [], dictionary: "stream-id.dict", maxLength: 1024 },
  { name: "access-table", harness: "access-table-fuzz.cc", sources: ["src/stream-id.cc", "src/access-table.cc"], libraries: ["-lcrypto"], dictionary: undefined, maxLength: 4096 },
];
