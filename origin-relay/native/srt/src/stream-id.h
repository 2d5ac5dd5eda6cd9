// SRT streamid parsing for the accept decision. Mirrors origin-relay/src/srt/stream-id.ts rule for
// rule; stream-id.test.ts runs one table through both so they cannot drift apart.
#pragma once

#include <string>

namespace tributary {

// SRT Access Control §"Character encoding": the streamid is at most 512 bytes.
constexpr size_t kMaxStreamIdBytes = 512;
// Longest key we hash (the relay's verifySecret also bounds presented secrets to 256 characters).
constexpr size_t kMaxKeyBytes = 256;
constexpr size_t kMaxResourceBytes = 64;

struct ParsedStreamId {
  bool ok = false;
  // When !ok: empty | too_long | bad_character | malformed | bad_resource | bad_mode | bad_type |
  // bad_key | missing_key.
  std::string error;
  // "access-control" (#!::r=…,m=publish) or "plain" (<streamId>/<key>).
  std::string form;
  std::string resource;
  bool hasKey = false;
  std::string key;
  bool hasUser = false;
  std::string user;
};

ParsedStreamId ParseStreamId(const char* raw, size_t length);

// The SRT_REJX_* reject code (access_control.h) for a parse error.
int RejectCodeFor(const std::string& error);

}  // namespace tributary
