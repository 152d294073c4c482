// One packet, dissected once: where its link, network and transport headers are, what they say,
// and where each stopped short. Built by dissect() for every captured frame and read by the TCP
// analysis and the correlator (the flow key, the TCP sequence fields, the quoted datagram of an
// ICMP error), so none of them parses headers again.
//
// The view holds pointers into the frame's bytes: it lives as long as the frame does.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

namespace wiretrace {

// An IPv4 or IPv6 address, compared as two 64-bit words.
struct IpAddr {
    uint8_t family = 0;  // 4 or 6
    alignas(8) uint8_t bytes[16] = {};
    uint64_t word(int i) const {
        uint64_t w;
        std::memcpy(&w, bytes + 8 * i, 8);
        return w;
    }
    bool operator==(const IpAddr &o) const {
        return word(0) == o.word(0) && word(1) == o.word(1) && family == o.family;
    }
    bool operator!=(const IpAddr &o) const { return !(*this == o); }
    bool operator<(const IpAddr &o) const {
        if (family != o.family) return family < o.family;
        return std::memcmp(bytes, o.bytes, 16) < 0;
    }
};

struct IpEndpoint {
    IpAddr addr;
    uint16_t port = 0;
    bool operator==(const IpEndpoint &o) const { return port == o.port && addr == o.addr; }
    bool operator!=(const IpEndpoint &o) const { return !(*this == o); }
    bool operator<(const IpEndpoint &o) const { return addr == o.addr ? port < o.port : addr < o.addr; }
};

// How a layer ended: whole, cut by the snap length (Wireshark's "packet size limited during
// capture"), or with a length field that cannot be right (nothing after it is dissected).
enum class Cut : uint8_t { None, Short, Bad };

enum TcpFlagBits : uint8_t { kFin = 1, kSyn = 2, kRst = 4, kPsh = 8, kAck = 16 };

struct NetworkView {
    uint8_t version = 0;  // 4, 6; 0: no IP layer
    Cut cut = Cut::None;
    IpAddr src, dst;
    const uint8_t *hdr = nullptr;  // the IP header
    uint32_t cap = 0;              // bytes captured from hdr on
    uint32_t hlen = 0;             // IPv4: IHL; IPv6: 40 + extension headers (+ fragment header)
    uint8_t proto = 0;             // the transport protocol (after IPv6 extension headers)
    bool fragment = false;         // part of a fragmented datagram (not an IPv6 atomic fragment)
    bool more_fragments = false;
    uint32_t frag_offset = 0;  // bytes
    uint32_t frag_id = 0;
    const uint8_t *payload = nullptr;  // after hlen
    uint32_t payload_len = 0;          // by the IP header's length field
    uint32_t payload_cap = 0;          // of which captured
};

struct TransportView {
    uint8_t proto = 0;  // 6, 17, 1, 58; 0: not dissected (a fragment, another protocol)
    Cut cut = Cut::None;
    const uint8_t *hdr = nullptr;
    uint32_t cap = 0;  // captured bytes from hdr on
    uint32_t len = 0;  // bytes by the IP length
    bool has_ports = false;
    uint16_t sport = 0, dport = 0;
    // TCP (has_seq: the fields up to the window were captured)
    bool has_seq = false;
    uint32_t seq = 0, ack = 0;
    uint8_t flags = 0;
    uint16_t win = 0;
    uint32_t hlen = 0;         // the data offset, in bytes
    bool options_cut = false;  // the options were not all captured
    int wscale = -1;           // the window scale option, if present
    uint32_t payload_len = 0;  // TCP: len - hlen (0 when hlen is impossible); UDP: its length field - 8
    // ICMP / ICMPv6
    uint8_t icmp_type = 0, icmp_code = 0;
    bool icmp_error = false;  // an error that quotes the datagram that caused it
    bool icmp_echo = false;   // an echo request or reply (ping)
    bool icmp_request = false;
    uint16_t icmp_id = 0;  // the echo identifier (a ping socket's "port")
};

struct PacketView {
    int linktype = 0;
    uint32_t caplen = 0, len = 0;
    const uint8_t *data = nullptr;
    Cut link_cut = Cut::None;  // Short: the link header itself was cut
    uint16_t ethertype = 0;    // 0x0800, 0x86dd, ...; 0 when the link layer says nothing
    NetworkView net;
    TransportView l4;
    // an ICMP error's quoted datagram (its headers, usually cut after 8 bytes of transport)
    bool has_quoted = false;
    NetworkView quoted_net;
    TransportView quoted_l4;

    bool is_tcp() const { return l4.proto == 6 && l4.has_ports; }
    bool is_udp() const { return l4.proto == 17 && l4.has_ports; }
    IpEndpoint src() const { return {net.src, l4.sport}; }
    IpEndpoint dst() const { return {net.dst, l4.dport}; }
};

PacketView dissect(int linktype, const uint8_t *data, uint32_t caplen, uint32_t len);
// The IP datagram's length (what the IP header says; the frame's length without an IP layer):
// what iftop and the kernel's IP counters count, whatever link header the capture added.
inline uint64_t ip_bytes(const PacketView &v) {
    return v.net.version ? uint64_t{v.net.hlen} + v.net.payload_len : v.len;
}
// "127.0.0.1", "::1"; "127.0.0.1:80", "[::1]:80"
std::string addr_text(const IpAddr &a);
std::string endpoint_text(const IpEndpoint &e);
// The IP layer and what follows, from `p` (used for quoted datagrams as well).
void dissect_network(NetworkView &net, TransportView &l4, const uint8_t *p, uint32_t cap, bool quoted);
// A transport header of `proto` at p (a whole datagram after reassembly, too).
void dissect_transport(TransportView &t, uint8_t proto, uint8_t family, const uint8_t *p, uint32_t cap, uint32_t len,
                       bool quoted);

}  // namespace wiretrace
