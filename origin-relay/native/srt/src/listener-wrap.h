// The JS face of SrtServer: `new Listener(options, onEvent)`, then listen/allow/revoke/closeConnection/
// close. Events cross from native threads to JS through one ThreadSafeFunction.
#pragma once

#include <napi.h>

#include <memory>
#include <mutex>

#include "access-table.h"
#include "srt-server.h"

namespace tributary {

class ListenerWrap : public Napi::ObjectWrap<ListenerWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ListenerWrap(const Napi::CallbackInfo& info);
  ~ListenerWrap() override;

 private:
  Napi::Value Listen(const Napi::CallbackInfo& info);
  void Allow(const Napi::CallbackInfo& info);
  Napi::Value Revoke(const Napi::CallbackInfo& info);
  void CloseConnection(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);

  void Deliver(std::unique_ptr<ServerEvent> event);
  void Shutdown();
  static void OnEnvCleanup(void* self);
  static void DeliverToJs(Napi::Env env, Napi::Function onEvent, ListenerWrap* self, ServerEvent* event);

  ServerConfig config_;
  AccessTable table_;
  std::unique_ptr<SrtServer> server_;
  Napi::FunctionReference onEvent_;
  Napi::ThreadSafeFunction events_;
  std::mutex sinkMutex_;
  bool sinkOpen_ = false;
  bool listening_ = false;
  Napi::FunctionReference onClosed_;
};

}  // namespace tributary
