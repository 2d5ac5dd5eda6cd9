// libFuzzer target for AccessTable (src/access-table.cc), the credential table libsrt's listen
// callback reads. The bytes are a program of operations (allow, revoke, lookup, connect, size) on
// stream ids, keys and passphrases drawn from small pools, so that they collide, or from the input.
// A std::map that keeps keys in the clear is the model: after every operation the table's answer
// must equal the model's. `connect` runs the listen callback's path: ParseStreamId, then Decide.
#include <fuzzer/FuzzedDataProvider.h>
#include <srt/access_control.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "access-table.h"

namespace {

using tributary::AccessDecision;
using tributary::AccessEntry;
using tributary::AccessTable;
using tributary::ParsedStreamId;

struct ModelEntry {
  bool hasKey = false;
  std::string key;
  std::string passphrase;
};

using Model = std::map<std::string, ModelEntry>;

enum class Op : uint8_t { kAllow, kRevoke, kLookup, kConnect, kSize, kMaxValue = kSize };

void Check(bool condition, const char* invariant) {
  if (condition) return;
  fprintf(stderr, "access-table invariant broken: %s\n", invariant);
  abort();
}

// A pool value when the index is in range, else a string read from the input.
template <size_t N>
std::string Draw(FuzzedDataProvider& input, const char* const (&pool)[N], size_t maxLength) {
  size_t index = input.ConsumeIntegralInRange<size_t>(0, N);
  return index < N ? std::string(pool[index]) : input.ConsumeRandomLengthString(maxLength);
}

const char* const kResources[] = {"cam1", "cam2", "Cam1", "a", "", "cam1 "};
const char* const kKeys[] = {"sk_alpha", "sk_beta", "sk_alpha ", "", "s"};
const char* const kPassphrases[] = {"", "passphrase-0123", "passphrase-4567"};

AccessDecision ModelDecide(const Model& model, const std::string& resource, bool hasKey, const std::string& key) {
  AccessDecision decision;
  auto found = model.find(resource);
  if (found == model.end()) {
    decision.rejectCode = SRT_REJX_NOTFOUND;
    decision.reason = "unknown-stream";
  } else if (hasKey ? !found->second.hasKey || found->second.key != key : found->second.passphrase.empty()) {
    decision.rejectCode = SRT_REJX_UNAUTHORIZED;
    decision.reason = hasKey ? "bad-key" : "no-credentials";
  } else {
    decision.passphrase = found->second.passphrase;
  }
  return decision;
}

void CheckDecision(const AccessDecision& got, const AccessDecision& want) {
  Check(got.rejectCode == want.rejectCode, "the reject code matches the model");
  Check(got.reason == want.reason, "the reason matches the model");
  Check(got.passphrase == want.passphrase, "the passphrase matches the model");
  Check(got.rejectCode != 0 || got.reason.empty(), "an accept carries no reason");
  Check(got.rejectCode == 0 || got.passphrase.empty(), "a refusal never hands out the passphrase");
}

void Allow(FuzzedDataProvider& input, AccessTable& table, Model& model) {
  std::string resource = Draw(input, kResources, 80);
  ModelEntry modelEntry;
  modelEntry.hasKey = input.ConsumeBool();
  modelEntry.key = Draw(input, kKeys, 300);
  modelEntry.passphrase = Draw(input, kPassphrases, 100);
  AccessEntry entry;
  entry.hasKeyHash = modelEntry.hasKey;
  // Without hasKeyHash the hash must be ignored, so it holds the very hash that would match.
  entry.keyHash = tributary::Sha256(modelEntry.key);
  entry.passphrase = modelEntry.passphrase;
  if (!modelEntry.hasKey) modelEntry.key.clear();
  table.Allow(resource, entry);
  model[resource] = modelEntry;
}

void Lookup(FuzzedDataProvider& input, AccessTable& table, const Model& model) {
  ParsedStreamId id;
  id.ok = true;
  id.resource = Draw(input, kResources, 80);
  id.hasKey = input.ConsumeBool();
  if (id.hasKey) id.key = Draw(input, kKeys, 300);
  CheckDecision(table.Decide(id), ModelDecide(model, id.resource, id.hasKey, id.key));
}

// The listen callback's path: only a parsed-ok streamid reaches the table.
void Connect(FuzzedDataProvider& input, AccessTable& table, const Model& model) {
  std::string raw = input.ConsumeRandomLengthString(600);
  ParsedStreamId id = tributary::ParseStreamId(raw.data(), raw.size());
  if (!id.ok) return;
  CheckDecision(table.Decide(id), ModelDecide(model, id.resource, id.hasKey, id.key));
}

// SHA-256 known answers (FIPS 180-2 appendix B.1, and the empty message).
void CheckSha256() {
  const uint8_t abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                           0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
  const uint8_t empty[32] = {0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
                             0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};
  Check(memcmp(tributary::Sha256("abc").data(), abc, 32) == 0, "SHA-256 of abc is the FIPS 180-2 digest");
  Check(memcmp(tributary::Sha256("").data(), empty, 32) == 0, "SHA-256 of nothing is the known digest");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  CheckSha256();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  AccessTable table;
  Model model;
  while (input.remaining_bytes() > 0) {
    switch (input.ConsumeEnum<Op>()) {
      case Op::kAllow:
        Allow(input, table, model);
        break;
      case Op::kRevoke: {
        std::string resource = Draw(input, kResources, 80);
        Check(table.Revoke(resource) == (model.erase(resource) > 0), "revoke reports whether the stream was there");
        break;
      }
      case Op::kLookup:
        Lookup(input, table, model);
        break;
      case Op::kConnect:
        Connect(input, table, model);
        break;
      case Op::kSize:
        break;
    }
    Check(table.Size() == model.size(), "the table holds as many streams as the model");
  }
  return 0;
}
