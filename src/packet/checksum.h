// The Internet checksum (RFC 1071) and the TCP/UDP/ICMPv6 pseudo-header, for the printer's
// -v verdicts and the analysis' checksum status alike.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wiretrace {

// The running ones'-complement sum of `n` bytes taken as big-endian 16-bit words (an odd last
// byte padded with zero), added to `acc`, unfolded.
inline uint32_t inet_sum(const uint8_t *p, size_t n, uint32_t acc = 0) {
    for (size_t i = 0; i + 1 < n; i += 2) acc += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
    if (n & 1) acc += static_cast<uint32_t>(p[n - 1] << 8);
    return acc;
}

// The sum folded to 16 bits (not complemented: a correct packet's whole sum folds to 0xffff).
inline uint16_t inet_fold(uint32_t acc) {
    while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
    return static_cast<uint16_t>(acc);
}

// The pseudo-header's sum: the addresses (4 or 16 bytes each), the protocol and the length
// (16 bits for IPv4, 32 for IPv6).
inline uint32_t pseudo_header_sum(const uint8_t *src, const uint8_t *dst, bool v6, uint8_t proto, uint32_t len) {
    size_t n = v6 ? 16 : 4;
    uint32_t acc = inet_sum(dst, n, inet_sum(src, n));
    if (v6) acc += len >> 16;
    return acc + (len & 0xffff) + proto;
}

}  // namespace wiretrace
