#include "stream-id.h"

#include <srt/access_control.h>

#include <vector>

namespace tributary {
namespace {

bool IsResource(const std::string& value) {
  if (value.empty() || value.size() > kMaxResourceBytes) return false;
  for (char c : value) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Keys are printable ASCII without spaces (issued keys are base64url with an optional prefix).
bool IsKey(const std::string& value) {
  if (value.empty() || value.size() > kMaxKeyBytes) return false;
  for (char c : value) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

ParsedStreamId Fail(const char* error) {
  ParsedStreamId out;
  out.error = error;
  return out;
}

// SRT Access Control §"Standard Keys": "#!::" then comma-separated key=value pairs; unknown keys are
// ignored, a repeated key is malformed. An ingest-only port reads a missing "m" as publish.
ParsedStreamId ParseAccessControl(const std::string& body) {
  ParsedStreamId out;
  out.form = "access-control";
  std::vector<std::string> seen;
  bool hasResource = false;
  size_t start = 0;
  while (true) {
    size_t comma = body.find(',', start);
    std::string item = body.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) return Fail("malformed");
    std::string name = item.substr(0, eq);
    std::string value = item.substr(eq + 1);
    for (const auto& s : seen) {
      if (s == name) return Fail("malformed");
    }
    seen.push_back(name);
    if (name == "r") {
      if (!IsResource(value)) return Fail("bad_resource");
      out.resource = value;
      hasResource = true;
    } else if (name == "m") {
      if (value != "publish") return Fail("bad_mode");
    } else if (name == "t") {
      if (value != "stream") return Fail("bad_type");
    } else if (name == "s") {
      if (!IsKey(value)) return Fail("bad_key");
      out.key = value;
      out.hasKey = true;
    } else if (name == "u") {
      out.user = value;
      out.hasUser = true;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (!hasResource) return Fail("bad_resource");
  out.ok = true;
  return out;
}

ParsedStreamId ParsePlain(const std::string& raw) {
  size_t slash = raw.find('/');
  if (slash == std::string::npos) return Fail("missing_key");
  ParsedStreamId out;
  out.form = "plain";
  out.resource = raw.substr(0, slash);
  out.key = raw.substr(slash + 1);
  if (!IsResource(out.resource)) return Fail("bad_resource");
  if (!IsKey(out.key)) return Fail("bad_key");
  out.hasKey = true;
  out.ok = true;
  return out;
}

}  // namespace

ParsedStreamId ParseStreamId(const char* raw, size_t length) {
  if (raw == nullptr || length == 0) return Fail("empty");
  if (length > kMaxStreamIdBytes) return Fail("too_long");
  for (size_t i = 0; i < length; i++) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c < 0x20 || c > 0x7e) return Fail("bad_character");
  }
  std::string value(raw, length);
  static const std::string prefix = "#!::";
  if (value.compare(0, prefix.size(), prefix) == 0) return ParseAccessControl(value.substr(prefix.size()));
  return ParsePlain(value);
}

int RejectCodeFor(const std::string& error) {
  if (error == "bad_mode") return SRT_REJX_BAD_MODE;
  if (error == "bad_type") return SRT_REJX_NOTSUP_MEDIA;
  return SRT_REJX_BAD_REQUEST;
}

}  // namespace tributary
