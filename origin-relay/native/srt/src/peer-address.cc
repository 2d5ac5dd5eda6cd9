#include "peer-address.h"

#include <arpa/inet.h>

namespace tributary {

void FormatPeer(const sockaddr* peer, std::string* address, int* port) {
  char text[INET6_ADDRSTRLEN] = "unknown";
  *port = 0;
  if (peer != nullptr && peer->sa_family == AF_INET) {
    auto in = reinterpret_cast<const sockaddr_in*>(peer);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    *port = ntohs(in->sin_port);
  } else if (peer != nullptr && peer->sa_family == AF_INET6) {
    auto in6 = reinterpret_cast<const sockaddr_in6*>(peer);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    *port = ntohs(in6->sin6_port);
  }
  *address = text;
}

}  // namespace tributary
