#include "access-table.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <srt/access_control.h>

namespace tributary {

KeyHash Sha256(const std::string& data) {
  KeyHash out{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr);
  return out;
}

void AccessTable::Allow(const std::string& resource, const AccessEntry& entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_[resource] = entry;
}

bool AccessTable::Revoke(const std::string& resource) {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.erase(resource) > 0;
}

size_t AccessTable::Size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

// A presented key must match the stored hash. Without a key, the stream must have a passphrase:
// libsrt then refuses any caller that cannot encrypt with it, so the passphrase is the credential.
AccessDecision AccessTable::Decide(const ParsedStreamId& id) {
  AccessDecision decision;
  // Hash outside the lock; the cost is the same whether or not the stream exists.
  KeyHash presented = Sha256(id.hasKey ? id.key : std::string());
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = entries_.find(id.resource);
  if (found == entries_.end()) {
    decision.rejectCode = SRT_REJX_NOTFOUND;
    decision.reason = "unknown-stream";
    return decision;
  }
  const AccessEntry& entry = found->second;
  if (id.hasKey) {
    if (!entry.hasKeyHash || CRYPTO_memcmp(presented.data(), entry.keyHash.data(), presented.size()) != 0) {
      decision.rejectCode = SRT_REJX_UNAUTHORIZED;
      decision.reason = "bad-key";
      return decision;
    }
  } else if (entry.passphrase.empty()) {
    decision.rejectCode = SRT_REJX_UNAUTHORIZED;
    decision.reason = "no-credentials";
    return decision;
  }
  decision.passphrase = entry.passphrase;
  return decision;
}

}  // namespace tributary
