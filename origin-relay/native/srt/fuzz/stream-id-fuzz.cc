// libFuzzer target for ParseStreamId (src/stream-id.cc), which libsrt's listen callback runs on every
// caller's streamid before the handshake is answered. For any bytes it checks that:
//  - parsing is deterministic (twice, and from a copy, give the same result);
//  - the cheap checks come first and in order: empty, too_long (> 512 bytes), bad_character;
//  - a refusal carries one documented error code, no fields, and a reject code libsrt knows;
//  - an accepted id's resource and key satisfy the id and key rules (restated here, not reused) and
//    are taken verbatim from the input;
//  - an accepted access-control id, re-encoded canonically, parses to the same result.
#include <srt/access_control.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "stream-id.h"

namespace {

using tributary::kMaxKeyBytes;
using tributary::kMaxResourceBytes;
using tributary::kMaxStreamIdBytes;
using tributary::ParsedStreamId;
using tributary::ParseStreamId;

const std::string kAccessControlPrefix = "#!::";

void Check(bool condition, const char* invariant) {
  if (condition) return;
  fprintf(stderr, "stream-id invariant broken: %s\n", invariant);
  abort();
}

bool Same(const ParsedStreamId& a, const ParsedStreamId& b) {
  return a.ok == b.ok && a.error == b.error && a.form == b.form && a.resource == b.resource && a.hasKey == b.hasKey &&
         a.key == b.key && a.hasUser == b.hasUser && a.user == b.user;
}

// Stream ids: 1..64 of [A-Za-z0-9_-].
bool FollowsResourceRule(const std::string& value) {
  if (value.empty() || value.size() > kMaxResourceBytes) return false;
  for (char c : value) {
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

// Keys: 1..256 printable ASCII characters other than space.
bool FollowsKeyRule(const std::string& value) {
  if (value.empty() || value.size() > kMaxKeyBytes) return false;
  for (char c : value) {
    if (!isgraph(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsDocumentedError(const std::string& error) {
  static const char* const kErrors[] = {"empty",    "too_long",  "bad_character", "malformed",  "bad_resource",
                                        "bad_mode", "bad_type",  "bad_key",       "missing_key"};
  for (const char* known : kErrors) {
    if (error == known) return true;
  }
  return false;
}

bool HasItem(const std::vector<std::string>& items, const std::string& item) {
  for (const auto& candidate : items) {
    if (candidate == item) return true;
  }
  return false;
}

std::vector<std::string> SplitItems(const std::string& body) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t comma = body.find(',', start);
    items.push_back(body.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return items;
    start = comma + 1;
  }
}

void CheckRefused(const ParsedStreamId& parsed) {
  Check(IsDocumentedError(parsed.error), "a refusal names a documented error");
  Check(parsed.form.empty() && parsed.resource.empty() && !parsed.hasKey && parsed.key.empty() && !parsed.hasUser &&
            parsed.user.empty(),
        "a refusal carries no fields");
  int code = tributary::RejectCodeFor(parsed.error);
  Check(code == SRT_REJX_BAD_REQUEST || code == SRT_REJX_BAD_MODE || code == SRT_REJX_NOTSUP_MEDIA,
        "a refusal maps to a bad-request, bad-mode or unsupported-media reject code");
}

void CheckAccessControl(const std::string& input, const ParsedStreamId& parsed) {
  std::vector<std::string> items = SplitItems(input.substr(kAccessControlPrefix.size()));
  Check(HasItem(items, "r=" + parsed.resource), "the resource is the input's r item");
  if (parsed.hasKey) Check(HasItem(items, "s=" + parsed.key), "the key is the input's s item");
  if (parsed.hasUser) Check(HasItem(items, "u=" + parsed.user), "the user is the input's u item");
  std::string canonical = kAccessControlPrefix + "r=" + parsed.resource;
  if (parsed.hasKey) canonical += ",s=" + parsed.key;
  if (parsed.hasUser) canonical += ",u=" + parsed.user;
  Check(canonical.size() <= input.size(), "the canonical form is no longer than the input");
  Check(Same(ParseStreamId(canonical.data(), canonical.size()), parsed), "the canonical form parses the same");
}

void CheckAccepted(const std::string& input, const ParsedStreamId& parsed) {
  Check(parsed.error.empty(), "an accepted id has no error");
  Check(FollowsResourceRule(parsed.resource), "an accepted resource follows the id rule");
  Check(parsed.hasKey ? FollowsKeyRule(parsed.key) : parsed.key.empty(), "an accepted key follows the key rule");
  Check(parsed.hasUser || parsed.user.empty(), "no user without hasUser");
  bool accessControl = input.compare(0, kAccessControlPrefix.size(), kAccessControlPrefix) == 0;
  if (accessControl) {
    Check(parsed.form == "access-control", "a #!:: id parses in the access-control form");
    CheckAccessControl(input, parsed);
  } else {
    Check(parsed.form == "plain", "any other id parses in the plain form");
    Check(parsed.hasKey && !parsed.hasUser, "a plain id has a key and no user");
    Check(input == parsed.resource + "/" + parsed.key, "a plain id is <resource>/<key>");
  }
}

void CheckOrderOfCheapChecks(const std::string& input, const ParsedStreamId& parsed) {
  if (input.empty()) {
    Check(parsed.error == "empty", "no bytes is empty");
    return;
  }
  if (input.size() > kMaxStreamIdBytes) {
    Check(parsed.error == "too_long", "over 512 bytes is too_long");
    return;
  }
  for (char c : input) {
    if (c < 0x20 || c > 0x7e) {
      Check(parsed.error == "bad_character", "a control or non-ASCII byte is bad_character");
      return;
    }
  }
  Check(parsed.error != "empty" && parsed.error != "too_long" && parsed.error != "bad_character",
        "printable ids of 1..512 bytes pass the cheap checks");
  if (input.find('/') == std::string::npos && input.compare(0, kAccessControlPrefix.size(), kAccessControlPrefix) != 0) {
    Check(parsed.error == "missing_key", "a plain id without a slash is missing_key");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* raw = reinterpret_cast<const char*>(data);
  ParsedStreamId parsed = ParseStreamId(raw, size);
  Check(Same(ParseStreamId(raw, size), parsed), "parsing twice gives the same result");
  std::string input(raw, size);
  Check(Same(ParseStreamId(input.data(), input.size()), parsed), "parsing a copy gives the same result");
  if (size == 0) Check(Same(ParseStreamId(nullptr, 0), parsed), "a null streamid parses as an empty one");
  CheckOrderOfCheapChecks(input, parsed);
  if (parsed.ok) {
    CheckAccepted(input, parsed);
  } else {
    CheckRefused(parsed);
  }
  return 0;
}
