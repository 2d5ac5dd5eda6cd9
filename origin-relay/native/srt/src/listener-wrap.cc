#include "listener-wrap.h"

#include <string>

namespace tributary {
namespace {

int IntOption(const Napi::Object& options, const char* name, int fallback, int min, int max) {
  Napi::Value value = options.Get(name);
  if (value.IsUndefined()) return fallback;
  if (!value.IsNumber()) throw Napi::TypeError::New(options.Env(), std::string(name) + " must be a number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (number != static_cast<int64_t>(number) || number < min || number > max) {
    throw Napi::RangeError::New(options.Env(), std::string(name) + " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return static_cast<int>(number);
}

const char* KindName(ServerEvent::Kind kind) {
  switch (kind) {
    case ServerEvent::Kind::Connect: return "connect";
    case ServerEvent::Kind::Data: return "data";
    case ServerEvent::Kind::Disconnect: return "disconnect";
    case ServerEvent::Kind::Reject: return "reject";
  }
  return "unknown";
}

}  // namespace

Napi::Function ListenerWrap::Define(Napi::Env env) {
  return DefineClass(env, "Listener", {
    InstanceMethod("listen", &ListenerWrap::Listen),
    InstanceMethod("allow", &ListenerWrap::Allow),
    InstanceMethod("revoke", &ListenerWrap::Revoke),
    InstanceMethod("closeConnection", &ListenerWrap::CloseConnection),
    InstanceMethod("close", &ListenerWrap::Close),
  });
}

// new Listener({ host, port, latencyMs, payloadSize, maxConnections, batchBytes, maxQueuedBytes }, onEvent)
ListenerWrap::ListenerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ListenerWrap>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsFunction()) {
    throw Napi::TypeError::New(env, "Listener(options, onEvent) expects an object and a function");
  }
  Napi::Object options = info[0].As<Napi::Object>();
  Napi::Value host = options.Get("host");
  if (!host.IsUndefined()) {
    if (!host.IsString()) throw Napi::TypeError::New(env, "host must be a string");
    config_.host = host.As<Napi::String>().Utf8Value();
  }
  config_.port = IntOption(options, "port", 0, 0, 65535);
  config_.latencyMs = IntOption(options, "latencyMs", config_.latencyMs, 0, 60000);
  // libsrt live mode: payloads up to SRT_LIVE_MAX_PLSIZE; below one TS packet makes no sense for MPEG-TS.
  config_.payloadSize = IntOption(options, "payloadSize", config_.payloadSize, 188, SRT_LIVE_MAX_PLSIZE);
  config_.maxConnections = IntOption(options, "maxConnections", config_.maxConnections, 1, 4096);
  config_.batchBytes = IntOption(options, "batchBytes", static_cast<int>(config_.batchBytes), SRT_LIVE_MAX_PLSIZE * 2, 4 << 20);
  config_.maxQueuedBytes = IntOption(options, "maxQueuedBytes", static_cast<int>(config_.maxQueuedBytes), 1 << 20, 1 << 30);
  onEvent_ = Napi::Persistent(info[1].As<Napi::Function>());
}

ListenerWrap::~ListenerWrap() { Shutdown(); }

Napi::Value ListenerWrap::Listen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (listening_ || server_) throw Napi::Error::New(env, "listen() may be called once");
  events_ = Napi::ThreadSafeFunction::New(env, onEvent_.Value(), "tributary-srt-events", 0, 1, this,
                                          [](Napi::Env env, ListenerWrap* self) {
                                            napi_remove_env_cleanup_hook(env, &ListenerWrap::OnEnvCleanup, self);
                                            if (!self->onClosed_.IsEmpty()) self->onClosed_.Call({});
                                            self->onClosed_.Reset();
                                            self->Unref();
                                          });
  sinkOpen_ = true;
  server_ = std::make_unique<SrtServer>(config_, &table_, [this](std::unique_ptr<ServerEvent> event) { Deliver(std::move(event)); });
  std::string error;
  int port = server_->Start(&error);
  if (port < 0) {
    Shutdown();
    throw Napi::Error::New(env, "SRT listen on " + config_.host + ":" + std::to_string(config_.port) + " failed: " + error);
  }
  listening_ = true;
  Ref();  // Kept alive until the event function is finalized, whatever JS holds.
  // Process exit with the listener open: stop the thread before the environment goes away.
  napi_add_env_cleanup_hook(env, &ListenerWrap::OnEnvCleanup, this);
  return Napi::Number::New(env, port);
}

// allow(resource, keyHash: Buffer(32) | null, passphrase: string | null)
void ListenerWrap::Allow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsString()) throw Napi::TypeError::New(env, "allow(resource, keyHash, passphrase)");
  std::string resource = info[0].As<Napi::String>().Utf8Value();
  if (resource.empty() || resource.size() > kMaxResourceBytes) throw Napi::RangeError::New(env, "resource must be 1..64 bytes");
  AccessEntry entry;
  if (!info[1].IsNull()) {
    if (!info[1].IsBuffer() || info[1].As<Napi::Buffer<uint8_t>>().Length() != entry.keyHash.size()) {
      throw Napi::TypeError::New(env, "keyHash must be null or a 32-byte SHA-256 digest");
    }
    auto digest = info[1].As<Napi::Buffer<uint8_t>>();
    std::copy(digest.Data(), digest.Data() + digest.Length(), entry.keyHash.begin());
    entry.hasKeyHash = true;
  }
  if (!info[2].IsNull()) {
    if (!info[2].IsString()) throw Napi::TypeError::New(env, "passphrase must be null or a string");
    entry.passphrase = info[2].As<Napi::String>().Utf8Value();
    // SRTO_PASSPHRASE accepts 10..79 characters.
    if (entry.passphrase.size() < 10 || entry.passphrase.size() > 79) throw Napi::RangeError::New(env, "passphrase must be 10..79 bytes");
  }
  if (!entry.hasKeyHash && entry.passphrase.empty()) throw Napi::TypeError::New(env, "allow() needs a keyHash, a passphrase or both");
  table_.Allow(resource, entry);
}

Napi::Value ListenerWrap::Revoke(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(info.Env(), "revoke(resource)");
  return Napi::Boolean::New(info.Env(), table_.Revoke(info[0].As<Napi::String>().Utf8Value()));
}

// closeConnection(id, reason)
void ListenerWrap::CloseConnection(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsString()) throw Napi::TypeError::New(info.Env(), "closeConnection(id, reason)");
  if (server_) server_->CloseConnection(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::String>().Utf8Value());
}

// close(onClosed): stops the thread, closes every socket; onClosed runs once every event was delivered.
void ListenerWrap::Close(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsFunction()) throw Napi::TypeError::New(info.Env(), "close(onClosed)");
  if (!listening_) {
    info[0].As<Napi::Function>().Call({});
    return;
  }
  onClosed_ = Napi::Persistent(info[0].As<Napi::Function>());
  Shutdown();
}

void ListenerWrap::OnEnvCleanup(void* self) { static_cast<ListenerWrap*>(self)->Shutdown(); }

void ListenerWrap::Shutdown() {
  if (server_) server_->Stop();
  std::lock_guard<std::mutex> lock(sinkMutex_);
  if (!sinkOpen_) return;
  sinkOpen_ = false;
  listening_ = false;
  events_.Release();
}

// Any thread. The mutex makes a late event from libsrt's thread see a closed sink, never a freed one.
void ListenerWrap::Deliver(std::unique_ptr<ServerEvent> event) {
  std::lock_guard<std::mutex> lock(sinkMutex_);
  if (!sinkOpen_) return;
  ServerEvent* raw = event.release();
  if (events_.NonBlockingCall(raw, [this](Napi::Env env, Napi::Function onEvent, ServerEvent* e) { DeliverToJs(env, onEvent, this, e); }) != napi_ok) {
    delete raw;
  }
}

void ListenerWrap::DeliverToJs(Napi::Env env, Napi::Function onEvent, ListenerWrap* self, ServerEvent* raw) {
  std::unique_ptr<ServerEvent> event(raw);
  if (env == nullptr) return;
  Napi::Object out = Napi::Object::New(env);
  out.Set("type", KindName(event->kind));
  out.Set("id", event->connection);
  switch (event->kind) {
    case ServerEvent::Kind::Data:
      out.Set("data", Napi::Buffer<uint8_t>::Copy(env, event->data.data(), event->data.size()));
      if (self->server_) self->server_->Consumed(event->data.size());
      break;
    case ServerEvent::Kind::Reject:
      out.Set("code", event->rejectCode);
      [[fallthrough]];
    case ServerEvent::Kind::Connect:
      out.Set("streamId", event->streamId);
      out.Set("peerAddress", event->peerAddress);
      out.Set("peerPort", event->peerPort);
      break;
    case ServerEvent::Kind::Disconnect:
      break;
  }
  if (!event->reason.empty()) out.Set("reason", event->reason);
  onEvent.Call({out});
}

}  // namespace tributary
