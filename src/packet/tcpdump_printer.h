// tcpdump's one-line packet format (4.99, -nn), written from the packet bytes with every length
// checked against what was captured: link layers (Ethernet with 802.1Q/QinQ, Linux cooked v1
// and v2, raw IP, loopback), ARP, IPv4 (fragments), IPv6, TCP with tcpdump's relative
// sequence numbers and options, UDP, ICMP, ICMPv6, DNS and HTTP one-line summaries.
// Truncated packets end as tcpdump ends them: " [|tcp]".
#pragma once

#include "packet/packet_view.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace wiretrace {

struct PacketTime {
    int64_t sec = 0;
    uint32_t nsec = 0;
};

struct TcpdumpOptions {
    int timestamps = 0;         // 0: HH:MM:SS.frac (local time), 1: -t none, 2: -tt epoch
    bool nano = false;          // --time-stamp-precision=nano
    bool absolute_seq = false;  // -S
    bool link_header = false;   // -e
    bool verbose = false;       // -v: IP header details and checksum verdicts
    int hex = 0;                // -x 1, -X 2 (hex and ASCII), -A 3 (ASCII): the packet after its link header
    // A live capture forgets a connection's relative-sequence bases after it has been quiet this
    // many seconds (60 once a FIN or RST was seen), so that a days-long run does not grow; 0
    // keeps them for ever, as tcpdump does (reading a file).
    int forget_idle_s = 0;
};

class TcpdumpPrinter {
public:
    explicit TcpdumpPrinter(const TcpdumpOptions &opt) : opt_(opt) {}
    // Appends one packet's line (with its newline) to `out`, from the dissector's view of it
    // (the headers it read are not read again; what only the line shows is read from the bytes).
    void print(std::string &out, const PacketView &v, const PacketTime &ts);
    // The same, dissecting the packet first.
    void print(std::string &out, int linktype, const PacketTime &ts, const uint8_t *data, uint32_t caplen,
               uint32_t len) {
        print(out, dissect(linktype, data, caplen, len), ts);
    }
    size_t connections_remembered() const { return tcp_seq_.size(); }
    static std::string linktype_name(int linktype);  // "EN10MB (Ethernet)", or the number

private:
    struct Cursor;
    void link_ethernet(Cursor &c);
    void link_sll(Cursor &c, bool v2);
    void ether_payload(Cursor &c, uint16_t type);
    void arp(Cursor &c);
    void ipv4(Cursor &c);
    void ipv6(Cursor &c);
    void layer_view(const Cursor &c, NetworkView &n, TransportView &t) const;
    const TransportView &transport_view(const NetworkView &n, const TransportView &t, const Cursor &in, uint8_t proto,
                                        uint32_t length, TransportView &local) const;
    void transport(Cursor &c, const TransportView &t, const std::string &src, const std::string &dst, bool v6);
    void tcp(Cursor &c, const TransportView &t, const std::string &src, const std::string &dst, bool v6);
    void udp(Cursor &c, const TransportView &t, const std::string &src, const std::string &dst);
    void icmp(Cursor &c, uint32_t length);
    void inner_ip(Cursor &c);
    void nd_options(Cursor &c, uint32_t off, uint32_t length);  // -v: the IP packet an ICMP error quotes
    void icmp6(Cursor &c, uint32_t length);
    void dns(Cursor &c, uint32_t length);

    void forget_quiet_connections();

    TcpdumpOptions opt_;
    const PacketView *view_ = nullptr;  // the packet being printed (valid during print())
    int64_t now_sec_ = 0, next_sweep_sec_ = 0;
    PacketTime prev_, first_;  // -ttt, -ttttt
    bool have_prev_ = false, have_first_ = false;
    uint32_t link_len_ = 0;  // the link header's length in the packet being printed
    uint32_t wire_len_ = 0;  // and its length on the wire
    struct Checksum {
        uint16_t should_be;  // the value the field should hold
        bool ok;             // the stored value is right (ones-complement: 0x0000 == 0xffff)
    };
    Checksum transport_checksum(const uint8_t *p, uint32_t len, int proto, uint32_t at) const;
    void bracket_verdict(std::string &o, const char *proto, uint16_t stored, Checksum sum) const;
    void addresses(std::string &o, const std::string &src, const std::string &dst) const;
    void endpoints(std::string &o, const std::string &src, uint16_t sport, const std::string &dst,
                   uint16_t dport) const;
    bool ports_only_ = false;  // after IPv6 extension headers: "40000 > 40001: "
    bool fragmented_ = false;  // the IPv4 packet is a fragment: no checksum verdicts
    bool pseudo_v6_ = false;   // the addresses of the IP header being printed, for checksums
    uint8_t pseudo_src_[16] = {}, pseudo_dst_[16] = {};
    bool longjmp_ = false;  // printing stopped where tcpdump would have longjmp'ed out
    void hex_dump(std::string &out, const uint8_t *p, uint32_t n, bool with_text) const;  // -x, -X
    // tcpdump's per-connection sequence bases, keyed by the connection's endpoints in a fixed
    // order (tcpdump's: the smaller address first)
    struct SeqBase {
        uint32_t seq = 0, ack = 0;
        int64_t last_sec = 0;  // capture time of its last packet
        bool closing = false;  // a FIN or RST was seen
    };
    std::map<std::pair<IpEndpoint, IpEndpoint>, SeqBase> tcp_seq_;
};

}  // namespace wiretrace
