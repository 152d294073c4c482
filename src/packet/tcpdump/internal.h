// What the tcpdump printer's protocol files share: byte readers, address text, the cursor over
// the bytes left of the packet, and the exception that ends a protocol where its data is cut.
#pragma once

#include "packet/checksum.h"
#include "packet/tcpdump_printer.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

namespace wiretrace {
namespace tcpdump_detail {

// Thrown when a field lies beyond the captured bytes; the protocol printer that catches it
// ends the line as tcpdump does: " [|tcp]".
struct Truncated {};

inline uint16_t be16(const uint8_t *p) {
    return static_cast<uint16_t>(p[0] << 8 | p[1]);
}
inline uint32_t be32(const uint8_t *p) {
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 | static_cast<uint32_t>(p[2]) << 8 |
           p[3];
}
inline std::string ip4(const uint8_t *p) {
    char b[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, p, b, sizeof b);
    return b;
}
inline std::string ip6(const uint8_t *p) {
    char b[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, p, b, sizeof b);
    return b;
}
// The Internet checksum of a sum (complemented: 0 for a correct packet's whole sum).
inline uint16_t fold(uint32_t acc) {
    return static_cast<uint16_t>(~inet_fold(acc) & 0xffff);
}
inline std::string mac(const uint8_t *p) {
    char b[32];
    std::snprintf(b, sizeof b, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
    return b;
}
inline void app(std::string &out, const char *fmt, unsigned long long v) {
    char b[64];
    std::snprintf(b, sizeof b, fmt, v);
    out += b;
}

}  // namespace tcpdump_detail

// The bytes left of the packet from the current layer on: `avail` captured, `wire` on the wire.
struct TcpdumpPrinter::Cursor {
    const uint8_t *p;
    uint32_t avail;
    std::string *outp;
    std::string &out_ref() const { return *outp; }
    const uint8_t *need(uint32_t off, uint32_t n) const {
        if (static_cast<uint64_t>(off) + n > avail) throw tcpdump_detail::Truncated{};
        return p + off;
    }
    bool has(uint32_t off, uint32_t n) const { return static_cast<uint64_t>(off) + n <= avail; }
    Cursor at(uint32_t off) const {
        Cursor c{p + std::min(off, avail), avail - std::min(off, avail), outp};
        return c;
    }
};

}  // namespace wiretrace
