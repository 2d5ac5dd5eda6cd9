// The SRT listener engine, free of N-API: one UDP port, libsrt's listen callback decides each caller
// from its streamid before the handshake completes, and one native thread accepts and receives with
// srt_epoll, handing events to a sink (the N-API wrapper forwards them to JS).
#pragma once

#include <srt/srt.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "access-table.h"

namespace tributary {

struct ServerConfig {
  std::string host = "0.0.0.0";
  int port = 0;
  int latencyMs = 120;
  int payloadSize = SRT_LIVE_DEF_PLSIZE;
  int maxConnections = 64;
  int backlog = 16;
  // Bytes read from one socket before they are handed over as one Buffer.
  size_t batchBytes = 64 * 1024;
  // Bytes handed over but not yet taken by JS; past this the socket that overflowed is dropped.
  size_t maxQueuedBytes = 32 * 1024 * 1024;
};

struct ServerEvent {
  enum class Kind { Connect, Data, Disconnect, Reject };
  Kind kind;
  uint32_t connection = 0;
  std::string streamId;
  std::string peerAddress;
  int peerPort = 0;
  std::string reason;
  int rejectCode = 0;
  std::vector<uint8_t> data;
};

// Called from the server thread, libsrt's thread (rejects) and the JS thread (during Stop).
using EventSink = std::function<void(std::unique_ptr<ServerEvent>)>;

class SrtServer {
 public:
  SrtServer(const ServerConfig& config, AccessTable* table, EventSink sink);
  ~SrtServer();
  // Binds, listens and starts the thread; returns the bound port, or -1 with `error` set.
  int Start(std::string* error);
  // Joins the thread, then closes every connection ("listener-closed") and the listener.
  void Stop();
  // Asks the thread to close one connection; it reports `reason` in the disconnect event.
  void CloseConnection(uint32_t id, const std::string& reason);
  // JS took `bytes` off the queue.
  void Consumed(size_t bytes) { queuedBytes_.fetch_sub(bytes); }

 private:
  struct Connection {
    uint32_t id;
    std::string streamId;
    // Negotiated SRTO_RCVLATENCY: how long received packets wait in libsrt before they are readable.
    int latencyMs;
    // Set once the peer is gone: packets still inside the latency window are read until this time.
    bool draining = false;
    std::chrono::steady_clock::time_point drainUntil{};
  };
  enum class ReadResult { Open, Broken, Overflow };

  static int OnListen(void* opaque, SRTSOCKET socket, int hsVersion, const sockaddr* peer, const char* streamId);
  int Decide(SRTSOCKET socket, int hsVersion, const sockaddr* peer, const char* streamId);
  void Run();
  void Accept();
  void Receive(SRTSOCKET socket);
  ReadResult ReadAvailable(SRTSOCKET socket, uint32_t id);
  void Drain();
  void Drop(SRTSOCKET socket, const std::string& reason);
  void ApplyCloseRequests();
  void Emit(ServerEvent::Kind kind, uint32_t id, const std::string& reason);

  ServerConfig config_;
  AccessTable* table_;
  EventSink sink_;
  SRTSOCKET listener_ = SRT_INVALID_SOCK;
  int epoll_ = -1;
  bool started_ = false;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connectionCount_{0};
  std::atomic<size_t> queuedBytes_{0};
  uint32_t nextId_ = 1;
  // Owned by the server thread (and by Stop after the join).
  std::unordered_map<SRTSOCKET, Connection> connections_;
  std::mutex closeMutex_;
  std::vector<std::pair<uint32_t, std::string>> closeRequests_;
};

}  // namespace tributary
