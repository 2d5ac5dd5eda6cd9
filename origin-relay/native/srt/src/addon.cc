// tributary_srt: the SRT ingest listener (ListenerWrap) and the native streamid parser, exported so
// the TS parser's tests can prove both agree.
#include <napi.h>

#include "listener-wrap.h"
#include "stream-id.h"

namespace tributary {
namespace {

Napi::Value ParseStreamIdJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "parseStreamId(raw: string)");
  std::string raw = info[0].As<Napi::String>().Utf8Value();
  ParsedStreamId parsed = ParseStreamId(raw.data(), raw.size());
  Napi::Object out = Napi::Object::New(env);
  out.Set("ok", parsed.ok);
  if (!parsed.ok) {
    out.Set("error", parsed.error);
    return out;
  }
  out.Set("form", parsed.form);
  out.Set("resource", parsed.resource);
  out.Set("key", parsed.hasKey ? Napi::Value(Napi::String::New(env, parsed.key)) : env.Null());
  out.Set("user", parsed.hasUser ? Napi::Value(Napi::String::New(env, parsed.user)) : env.Null());
  return out;
}

}  // namespace
}  // namespace tributary

static Napi::Object InitTributarySrt(Napi::Env env, Napi::Object exports) {
  exports.Set("Listener", tributary::ListenerWrap::Define(env));
  exports.Set("parseStreamId", Napi::Function::New(env, tributary::ParseStreamIdJs));
  return exports;
}

NODE_API_MODULE(tributary_srt, InitTributarySrt)
