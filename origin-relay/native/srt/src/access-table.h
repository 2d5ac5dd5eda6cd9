// Which streams this listener accepts, read by libsrt's listen callback on libsrt's own thread and
// written from JS; one mutex guards it. Keys are never stored: only their SHA-256, compared in
// constant time with OpenSSL (libsrt-openssl already links libcrypto, so no extra dependency and
// no hand-written hash).
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "stream-id.h"

namespace tributary {

using KeyHash = std::array<uint8_t, 32>;

struct AccessEntry {
  bool hasKeyHash = false;
  KeyHash keyHash{};
  // Empty when the stream is not encrypted. libsrt requires 10..79 characters (SRTO_PASSPHRASE).
  std::string passphrase;
};

struct AccessDecision {
  // 0 when accepted, else an SRT_REJX_* code for srt_setrejectreason.
  int rejectCode = 0;
  std::string reason;
  std::string passphrase;
};

class AccessTable {
 public:
  void Allow(const std::string& resource, const AccessEntry& entry);
  bool Revoke(const std::string& resource);
  size_t Size();
  AccessDecision Decide(const ParsedStreamId& id);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, AccessEntry> entries_;
};

KeyHash Sha256(const std::string& data);

}  // namespace tributary
