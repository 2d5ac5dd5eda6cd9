// Text form of a caller's address for connect and reject events.
#pragma once

#include <sys/socket.h>

#include <string>

namespace tributary {

// "1.2.3.4" or "::1" and the port; "unknown" and 0 for anything else.
void FormatPeer(const sockaddr* peer, std::string* address, int* port);

}  // namespace tributary
