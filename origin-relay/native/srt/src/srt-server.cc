#include "srt-server.h"

#include "peer-address.h"

#include <netdb.h>
#include <syslog.h>
#include <srt/access_control.h>

#include <cstring>

namespace tributary {
namespace {

// How long the thread waits in srt_epoll_uwait; bounds how long Stop and close requests wait.
constexpr int64_t kWaitMs = 50;
constexpr int kEventsPerWait = 64;

bool SetInt(SRTSOCKET socket, SRT_SOCKOPT option, int value) {
  return srt_setsockflag(socket, option, &value, sizeof value) == 0;
}

}  // namespace

SrtServer::SrtServer(const ServerConfig& config, AccessTable* table, EventSink sink)
    : config_(config), table_(table), sink_(std::move(sink)) {}

SrtServer::~SrtServer() { Stop(); }

int SrtServer::Start(std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
  addrinfo* address = nullptr;
  std::string port = std::to_string(config_.port);
  if (getaddrinfo(config_.host.c_str(), port.c_str(), &hints, &address) != 0 || address == nullptr) {
    *error = "host is not a numeric IPv4 or IPv6 address: " + config_.host;
    return -1;
  }
  srt_startup();
  // Refusals are reported as events; libsrt's own warnings about them would only repeat them on stderr.
  srt_setloglevel(LOG_ERR);
  started_ = true;
  listener_ = srt_create_socket();
  bool blocking = false;
  bool ok = listener_ != SRT_INVALID_SOCK &&
            srt_setsockflag(listener_, SRTO_RCVSYN, &blocking, sizeof blocking) == 0 &&
            SetInt(listener_, SRTO_LATENCY, config_.latencyMs) &&
            SetInt(listener_, SRTO_PAYLOADSIZE, config_.payloadSize) &&
            (address->ai_family != AF_INET6 || SetInt(listener_, SRTO_IPV6ONLY, 0)) &&
            srt_bind(listener_, address->ai_addr, static_cast<int>(address->ai_addrlen)) == 0 &&
            srt_listen_callback(listener_, &SrtServer::OnListen, this) == 0 &&
            srt_listen(listener_, config_.backlog) == 0;
  freeaddrinfo(address);
  sockaddr_storage bound{};
  int boundLength = sizeof bound;
  ok = ok && srt_getsockname(listener_, reinterpret_cast<sockaddr*>(&bound), &boundLength) == 0;
  if (ok) {
    epoll_ = srt_epoll_create();
    int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
    ok = epoll_ >= 0 && srt_epoll_add_usock(epoll_, listener_, &events) == 0;
  }
  if (!ok) {
    *error = srt_getlasterror_str();
    Stop();
    return -1;
  }
  std::string ignored;
  int boundPort = 0;
  FormatPeer(reinterpret_cast<sockaddr*>(&bound), &ignored, &boundPort);
  thread_ = std::thread(&SrtServer::Run, this);
  return boundPort;
}

void SrtServer::Stop() {
  if (!started_) return;
  started_ = false;
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  // The listener first, so libsrt stops calling OnListen before anything else goes away.
  if (listener_ != SRT_INVALID_SOCK) srt_close(listener_);
  listener_ = SRT_INVALID_SOCK;
  for (auto& [socket, connection] : connections_) {
    srt_close(socket);
    Emit(ServerEvent::Kind::Disconnect, connection.id, "listener-closed");
  }
  connections_.clear();
  connectionCount_ = 0;
  if (epoll_ >= 0) srt_epoll_release(epoll_);
  epoll_ = -1;
  srt_cleanup();
}

void SrtServer::CloseConnection(uint32_t id, const std::string& reason) {
  std::lock_guard<std::mutex> lock(closeMutex_);
  closeRequests_.emplace_back(id, reason);
}

int SrtServer::OnListen(void* opaque, SRTSOCKET socket, int hsVersion, const sockaddr* peer, const char* streamId) {
  return static_cast<SrtServer*>(opaque)->Decide(socket, hsVersion, peer, streamId);
}

// Runs on libsrt's receiving thread before the handshake is answered: nothing here may block on JS.
int SrtServer::Decide(SRTSOCKET socket, int hsVersion, const sockaddr* peer, const char* streamId) {
  auto event = std::make_unique<ServerEvent>();
  event->kind = ServerEvent::Kind::Reject;
  FormatPeer(peer, &event->peerAddress, &event->peerPort);
  size_t length = streamId == nullptr ? 0 : strnlen(streamId, kMaxStreamIdBytes + 1);
  event->streamId.assign(streamId == nullptr ? "" : streamId, std::min(length, kMaxStreamIdBytes));
  // HSv4 callers carry no streamid (SRT RFC draft §3.2.1.3), so they cannot be identified.
  if (stopping_) {
    event->rejectCode = SRT_REJX_DOWN;
    event->reason = "listener-closing";
  } else if (hsVersion < 5) {
    event->rejectCode = SRT_REJX_VERSION;
    event->reason = "no-streamid";
  } else {
    ParsedStreamId parsed = ParseStreamId(streamId, length);
    AccessDecision decision;
    if (!parsed.ok) {
      decision.rejectCode = RejectCodeFor(parsed.error);
      decision.reason = parsed.error;
    } else if (connectionCount_ >= config_.maxConnections) {
      decision.rejectCode = SRT_REJX_OVERLOAD;
      decision.reason = "max-connections";
    } else {
      decision = table_->Decide(parsed);
    }
    // The per-stream passphrase goes on the accepted socket, so each stream has its own key material.
    if (decision.rejectCode == 0 && !decision.passphrase.empty() &&
        srt_setsockflag(socket, SRTO_PASSPHRASE, decision.passphrase.data(), static_cast<int>(decision.passphrase.size())) != 0) {
      decision.rejectCode = SRT_REJX_ISE;
      decision.reason = "passphrase-rejected";
    }
    if (decision.rejectCode == 0) return 0;
    event->rejectCode = decision.rejectCode;
    event->reason = decision.reason;
  }
  srt_setrejectreason(socket, event->rejectCode);
  sink_(std::move(event));
  return -1;
}

void SrtServer::Run() {
  SRT_EPOLL_EVENT events[kEventsPerWait];
  while (!stopping_) {
    ApplyCloseRequests();
    int ready = srt_epoll_uwait(epoll_, events, kEventsPerWait, kWaitMs);
    for (int i = 0; i < ready; i++) {
      if (events[i].fd == listener_) {
        Accept();
      } else {
        Receive(events[i].fd);
      }
    }
    Drain();
  }
}

// One accept per readiness report: the epoll is level-triggered, so another pending caller is reported
// on the next wait, and libsrt never logs an error for an empty accept queue.
void SrtServer::Accept() {
  {
    sockaddr_storage peer{};
    int peerLength = sizeof peer;
    SRTSOCKET socket = srt_accept(listener_, reinterpret_cast<sockaddr*>(&peer), &peerLength);
    if (socket == SRT_INVALID_SOCK) return;
    // OnListen refuses callers past the limit; this catches handshakes that raced each other.
    if (connectionCount_ >= config_.maxConnections) {
      srt_close(socket);
      return;
    }
    char streamId[kMaxStreamIdBytes + 1] = {0};
    int streamIdLength = sizeof streamId;
    if (srt_getsockflag(socket, SRTO_STREAMID, streamId, &streamIdLength) != 0) streamIdLength = 0;
    int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
    if (srt_epoll_add_usock(epoll_, socket, &events) != 0) {
      srt_close(socket);
      return;
    }
    int latencyMs = config_.latencyMs;
    int latencyLength = sizeof latencyMs;
    srt_getsockflag(socket, SRTO_RCVLATENCY, &latencyMs, &latencyLength);
    Connection connection{nextId_++, std::string(streamId, std::min<size_t>(streamIdLength, kMaxStreamIdBytes)), latencyMs};
    connections_[socket] = connection;
    connectionCount_++;
    auto event = std::make_unique<ServerEvent>();
    event->kind = ServerEvent::Kind::Connect;
    event->connection = connection.id;
    event->streamId = connection.streamId;
    FormatPeer(reinterpret_cast<sockaddr*>(&peer), &event->peerAddress, &event->peerPort);
    sink_(std::move(event));
  }
}

void SrtServer::Receive(SRTSOCKET socket) {
  auto found = connections_.find(socket);
  if (found == connections_.end()) {
    srt_epoll_remove_usock(epoll_, socket);
    return;
  }
  Connection& connection = found->second;
  ReadResult result = ReadAvailable(socket, connection.id);
  if (result == ReadResult::Overflow) return Drop(socket, "slow-consumer");
  if (result == ReadResult::Broken || srt_getsockstate(socket) > SRTS_CONNECTED) {
    // libsrt holds received packets for the latency window (TSBPD) and still hands them out after the
    // peer closed; dropping the socket now would lose the stream's last latency-worth of media.
    srt_epoll_remove_usock(epoll_, socket);
    connection.draining = true;
    connection.drainUntil = std::chrono::steady_clock::now() + std::chrono::milliseconds(connection.latencyMs + 2 * kWaitMs);
  }
}

void SrtServer::Drain() {
  auto now = std::chrono::steady_clock::now();
  std::vector<SRTSOCKET> done;
  for (auto& [socket, connection] : connections_) {
    if (!connection.draining) continue;
    if (ReadAvailable(socket, connection.id) == ReadResult::Overflow) {
      done.push_back(socket);
      continue;
    }
    if (now >= connection.drainUntil) done.push_back(socket);
  }
  for (SRTSOCKET socket : done) Drop(socket, "disconnected");
}

SrtServer::ReadResult SrtServer::ReadAvailable(SRTSOCKET socket, uint32_t id) {
  std::vector<uint8_t> batch;
  char message[SRT_LIVE_MAX_PLSIZE];
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    if (queuedBytes_.load() + batch.size() > config_.maxQueuedBytes) return false;
    queuedBytes_ += batch.size();
    auto event = std::make_unique<ServerEvent>();
    event->kind = ServerEvent::Kind::Data;
    event->connection = id;
    event->data = std::move(batch);
    batch = std::vector<uint8_t>();
    sink_(std::move(event));
    return true;
  };
  while (true) {
    // Live mode: one message is one UDP payload, at most SRT_LIVE_MAX_PLSIZE bytes.
    int received = srt_recvmsg(socket, message, sizeof message);
    if (received == SRT_ERROR) {
      bool broken = srt_getlasterror(nullptr) != SRT_EASYNCRCV;
      if (!flush()) return ReadResult::Overflow;
      return broken ? ReadResult::Broken : ReadResult::Open;
    }
    if (received <= 0) break;
    batch.insert(batch.end(), message, message + received);
    if (batch.size() + sizeof message > config_.batchBytes && !flush()) return ReadResult::Overflow;
  }
  return flush() ? ReadResult::Open : ReadResult::Overflow;
}

void SrtServer::Drop(SRTSOCKET socket, const std::string& reason) {
  auto found = connections_.find(socket);
  if (found == connections_.end()) return;
  uint32_t id = found->second.id;
  if (!found->second.draining) srt_epoll_remove_usock(epoll_, socket);
  srt_close(socket);
  connections_.erase(found);
  connectionCount_--;
  Emit(ServerEvent::Kind::Disconnect, id, reason);
}

void SrtServer::ApplyCloseRequests() {
  std::vector<std::pair<uint32_t, std::string>> requests;
  {
    std::lock_guard<std::mutex> lock(closeMutex_);
    requests.swap(closeRequests_);
  }
  for (const auto& [id, reason] : requests) {
    for (const auto& [socket, connection] : connections_) {
      if (connection.id == id) {
        Drop(socket, reason);
        break;
      }
    }
  }
}

void SrtServer::Emit(ServerEvent::Kind kind, uint32_t id, const std::string& reason) {
  auto event = std::make_unique<ServerEvent>();
  event->kind = kind;
  event->connection = id;
  event->reason = reason;
  sink_(std::move(event));
}

}  // namespace tributary
