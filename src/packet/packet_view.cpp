// The one dissector: link (Ethernet with VLAN tags, Linux cooked v1/v2, raw IP, BSD loopback),
// IPv4 and IPv6 (extension headers, the fragment header), then TCP, UDP, ICMP and ICMPv6. Each
// length is checked against what was captured; where a header stops short the layer says so
// (Cut::Short) and nothing after it is read. The limits follow Wireshark's dissectors, whose
// "packet size limited during capture" the TCP analysis reproduces from the Cut values.
#include "packet/packet_view.h"

#include <arpa/inet.h>

#include <algorithm>

namespace wiretrace {

namespace {
uint16_t be16(const uint8_t *p) {
    return static_cast<uint16_t>(p[0] << 8 | p[1]);
}
uint32_t be32(const uint8_t *p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

// The link header: sets the ethertype and returns the network layer's offset.
uint32_t dissect_link(PacketView &v) {
    const uint8_t *d = v.data;
    uint32_t cap = v.caplen;
    switch (v.linktype) {
        case 1: {  // Ethernet, with any number of VLAN tags
            if (cap < 14) break;
            uint16_t type = be16(d + 12);
            uint32_t off = 14;
            while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
                if (cap < off + 4) {
                    v.link_cut = Cut::Short;
                    return 0;
                }
                type = be16(d + off + 2);
                off += 4;
            }
            v.ethertype = type;
            return off;
        }
        case 113:  // Linux cooked v1
            if (cap < 16) break;
            v.ethertype = be16(d + 14);
            return 16;
        case 276:  // Linux cooked v2
            if (cap < 20) break;
            v.ethertype = be16(d);
            return 20;
        case 12:
        case 14:
        case 101:  // raw IP
            if (cap < 1) {
                v.link_cut = Cut::Bad;
                return 0;
            }
            v.ethertype = (d[0] >> 4) == 6 ? 0x86dd : 0x0800;
            return 0;
        case 0: {  // BSD loopback: the address family in host order
            if (cap < 4) break;
            uint32_t fam;
            std::memcpy(&fam, d, 4);
            v.ethertype = fam == 2 ? 0x0800 : (fam == 10 || fam == 24 || fam == 28 || fam == 30) ? 0x86dd : 0;
            return 4;
        }
        default:
            return 0;
    }
    v.link_cut = Cut::Short;
    return 0;
}
}  // namespace

void dissect_transport(TransportView &t, uint8_t proto, uint8_t family, const uint8_t *p, uint32_t cap, uint32_t len,
                       bool quoted) {
    t = TransportView{};
    t.proto = proto;
    t.hdr = p;
    t.cap = cap;
    t.len = len;
    if ((proto == 6 || proto == 17) && cap >= 4) {
        t.has_ports = true;
        t.sport = be16(p);
        t.dport = be16(p + 2);
    }
    if (proto == 6) {
        if (cap < 16) {  // the fields up to the window are needed for anything
            t.cut = Cut::Short;
            return;
        }
        t.has_seq = true;
        t.seq = be32(p + 4);
        t.ack = be32(p + 8);
        t.hlen = (p[12] >> 4) * 4u;
        t.flags = p[13];
        t.win = be16(p + 14);
        if (t.hlen < 20 || len < t.hlen) {
            t.cut = Cut::Bad;  // no segment length
            return;
        }
        t.payload_len = len - t.hlen;
        if (cap < t.hlen) {
            t.options_cut = true;
            t.cut = Cut::Short;
            return;
        }
        for (uint32_t o = 20; o < t.hlen;) {
            uint8_t kind = p[o];
            if (kind == 0) break;
            if (kind == 1) {
                o++;
                continue;
            }
            if (o + 1 >= t.hlen) break;
            uint8_t ol = p[o + 1];
            if (ol < 2 || o + ol > t.hlen) break;
            if (kind == 3 && ol == 3) t.wscale = std::min<int>(p[o + 2], 14);
            o += ol;
        }
    } else if (proto == 17) {
        if (cap < 8) {
            t.cut = Cut::Short;
            return;
        }
        uint32_t ulen = be16(p + 4);
        t.payload_len = ulen >= 8 ? ulen - 8 : 0;
    } else if ((proto == 1 && family == 4) || (proto == 58 && family == 6)) {
        if (quoted || cap < 8) return;  // a quoted error's own quote is not followed
        t.icmp_type = p[0];
        t.icmp_code = p[1];
        uint8_t ty = p[0];
        t.icmp_error = family == 4 ? (ty == 3 || ty == 4 || ty == 5 || ty == 11 || ty == 12) : (ty >= 1 && ty <= 4);
        t.icmp_request = family == 4 ? ty == 8 : ty == 128;
        t.icmp_echo = t.icmp_request || (family == 4 ? ty == 0 : ty == 129);
        if (t.icmp_echo) t.icmp_id = be16(p + 4);
    } else {
        t.proto = proto;
    }
}

void dissect_network(NetworkView &net, TransportView &l4, const uint8_t *p, uint32_t cap, bool quoted) {
    net = NetworkView{};
    l4 = TransportView{};
    net.hdr = p;
    net.cap = cap;
    if (cap < 1) {
        net.cut = Cut::Short;
        return;
    }
    if ((p[0] >> 4) == 4) {
        net.version = 4;
        if (cap < 20) {
            net.cut = Cut::Short;
            return;
        }
        // the fixed header's fields are the view's even when its lengths are wrong (the printer
        // shows them); the payload only when they are right
        net.src.family = net.dst.family = 4;
        std::memcpy(net.src.bytes, p + 12, 4);
        std::memcpy(net.dst.bytes, p + 16, 4);
        net.proto = p[9];
        uint16_t frag = be16(p + 6);
        net.more_fragments = frag & 0x2000;
        net.frag_offset = (frag & 0x1fffu) * 8;
        net.frag_id = be16(p + 4);
        net.fragment = net.more_fragments || net.frag_offset;
        uint32_t ihl = (p[0] & 15u) * 4;
        uint32_t total = be16(p + 2);
        net.hlen = ihl;
        net.payload_len = total >= ihl ? total - ihl : 0;
        if (ihl < 20) {
            net.cut = Cut::Bad;
            return;
        }
        if (cap < ihl) {
            net.cut = Cut::Short;
            return;
        }
        if (total < ihl) {
            net.cut = Cut::Bad;
            return;
        }
        net.payload = p + ihl;
        net.payload_cap = std::min(cap - ihl, net.payload_len);
    } else if ((p[0] >> 4) == 6) {
        net.version = 6;
        if (cap < 40) {
            net.cut = Cut::Short;
            return;
        }
        net.src.family = net.dst.family = 6;
        std::memcpy(net.src.bytes, p + 8, 16);
        std::memcpy(net.dst.bytes, p + 24, 16);
        uint32_t plen = be16(p + 4);
        uint8_t next = p[6];
        uint32_t off = 40;
        // extension headers: hop-by-hop, routing, destination options
        while (next == 0 || next == 43 || next == 60) {
            if (cap < off + 2) {
                net.cut = Cut::Short;
                return;
            }
            uint32_t hl = (p[off + 1] + 1u) * 8;
            next = p[off];
            off += hl;
            if (off - 40 > plen) {
                net.cut = Cut::Bad;
                return;
            }
        }
        if (next == 44) {
            if (cap < off + 8) {
                net.cut = Cut::Short;
                return;
            }
            if (off + 8 - 40 > plen) {
                net.cut = Cut::Bad;
                return;
            }
            uint8_t fnext = p[off];
            uint16_t fo = be16(p + off + 2);
            net.frag_offset = fo & 0xfff8u;
            net.frag_id = be32(p + off + 4);
            net.more_fragments = fo & 1;
            net.fragment = net.frag_offset || net.more_fragments;  // else an atomic fragment
            off += 8;
            next = fnext;
        }
        net.proto = next;
        net.hlen = off;
        net.payload = p + off;
        net.payload_len = plen - (off - 40);
        net.payload_cap = cap >= off ? std::min(cap - off, net.payload_len) : 0;
        if (!net.fragment && cap < off) {
            net.cut = Cut::Short;
            return;
        }
    } else {
        net.cut = Cut::Bad;
        return;
    }
    // a fragment's transport header is read from the reassembled datagram (by whoever
    // reassembles), except the first fragment's ports, which say whose it is
    if (net.fragment) {
        if (net.frag_offset == 0 && (net.proto == 6 || net.proto == 17) && net.payload_cap >= 4) {
            l4.proto = net.proto;
            l4.has_ports = true;
            l4.sport = be16(net.payload);
            l4.dport = be16(net.payload + 2);
            if (net.proto == 17 && net.payload_cap >= 8) {  // the whole datagram's, by its header
                uint32_t ulen = be16(net.payload + 4);
                l4.payload_len = ulen >= 8 ? ulen - 8 : 0;
            }
        }
        return;
    }
    dissect_transport(l4, net.proto, net.version, net.payload, net.payload_cap, net.payload_len, quoted);
}

std::string addr_text(const IpAddr &a) {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(a.family == 4 ? AF_INET : AF_INET6, a.bytes, buf, sizeof buf);
    return buf;
}

std::string endpoint_text(const IpEndpoint &e) {
    return (e.addr.family == 6 ? "[" + addr_text(e.addr) + "]" : addr_text(e.addr)) + ":" + std::to_string(e.port);
}

PacketView dissect(int linktype, const uint8_t *data, uint32_t caplen, uint32_t len) {
    PacketView v;
    v.linktype = linktype;
    v.data = data;
    v.caplen = caplen;
    v.len = len;
    uint32_t off = dissect_link(v);
    if (v.link_cut != Cut::None || (v.ethertype != 0x0800 && v.ethertype != 0x86dd)) return v;
    dissect_network(v.net, v.l4, data + off, caplen - off, false);
    if (v.l4.icmp_error && v.l4.cap >= 8) {
        v.has_quoted = true;
        dissect_network(v.quoted_net, v.quoted_l4, v.l4.hdr + 8, v.l4.cap - 8, true);
    }
    return v;
}

}  // namespace wiretrace
