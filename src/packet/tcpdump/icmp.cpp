// ICMP and ICMPv6 (errors with the datagram they quote, neighbor discovery with -v).
#include "packet/tcpdump/internal.h"

namespace wiretrace {

using namespace tcpdump_detail;

void TcpdumpPrinter::icmp(Cursor &c, uint32_t length) {
    std::string &o = c.out_ref();
    if (!c.has(0, 4)) {
        o += " [|icmp]";
        return;
    }
    uint8_t type = c.p[0], code = c.p[1];
    o += "ICMP ";
    auto inner = [&](std::string &addr, int &proto, uint16_t &dport) -> bool {
        if (!c.has(8, 20)) return false;
        const uint8_t *ih = c.p + 8;
        uint32_t ihl = (ih[0] & 15u) * 4;
        addr = ip4(ih + 16);
        proto = ih[9];
        dport = 0;
        if (c.has(8 + ihl, 4)) dport = be16(c.p + 8 + ihl + 2);
        return true;
    };
    switch (type) {
        case 0:
        case 8:
            o += type == 8 ? "echo request" : "echo reply";
            if (c.has(4, 4)) {
                app(o, ", id %llu", be16(c.p + 4));
                app(o, ", seq %llu", be16(c.p + 6));
            }
            break;
        case 3: {
            std::string addr;
            int proto = 0;
            uint16_t dport = 0;
            if (!inner(addr, proto, dport)) {
                o += "dest unreachable";
                break;
            }
            switch (code) {
                case 0:
                    o += "net " + addr + " unreachable";
                    break;
                case 1:
                    o += "host " + addr + " unreachable";
                    break;
                case 2:
                    app(o, (addr + " protocol %llu unreachable").c_str(), static_cast<unsigned>(proto));
                    break;
                case 3:
                    o += addr + (proto == 6 ? " tcp" : " udp");
                    app(o, " port %llu unreachable", dport);
                    break;
                case 9:
                    o += "net " + addr + " unreachable - admin prohibited";
                    break;
                case 10:
                    o += "host " + addr + " unreachable - admin prohibited";
                    break;
                case 13:
                    o += "host " + addr + " unreachable - admin prohibited filter";
                    break;
                default:
                    app(o, (addr + " unreachable - code %llu").c_str(), code);
            }
            break;
        }
        case 11:
            o += code == 0 ? "time exceeded in-transit" : "ip reassembly time exceeded";
            break;
        default:
            app(o, "type-#%llu", type);
    }
    app(o, ", length %llu", length);
    if (opt_.verbose && c.has(0, length) && fold(inet_sum(c.p, length)) != 0) {
        uint16_t stored = be16(c.p + 2);
        app(o, " (wrong icmp cksum %llx", stored);
        app(o, " (->%llx)!)", fold(inet_sum(c.p, length) - stored));
    }
    if (opt_.verbose && (type == 3 || type == 11 || type == 12 || type == 4 || type == 5) && c.has(8, 20)) {
        o += "\n\t";
        Cursor in = c.at(8);
        inner_ip(in);
    }
}

// -v: neighbor discovery options, one per line
void TcpdumpPrinter::nd_options(Cursor &c, uint32_t off, uint32_t length) {
    std::string &o = c.out_ref();
    while (off + 2 <= length && c.has(off, 2)) {
        uint8_t type = c.p[off], units = c.p[off + 1];
        if (units == 0) break;
        uint32_t bytes = units * 8u;
        const char *name = type == 1   ? "source link-address"
                           : type == 2 ? "destination link-address"
                           : type == 3 ? "prefix info"
                           : type == 5 ? "mtu"
                                       : nullptr;
        o += "\n\t  ";
        if (name)
            o += name;
        else
            app(o, "unknown option (%llu)", type);
        if (name) app(o, " option (%llu)", type);
        app(o, ", length %llu", bytes);
        app(o, " (%llu)", units);
        if ((type == 1 || type == 2) && c.has(off + 2, 6)) o += ": " + mac(c.p + off + 2);
        off += bytes;
    }
}

void TcpdumpPrinter::inner_ip(Cursor &c) {
    // the quoted packet is printed as a packet of its own; its addresses must not replace the
    // outer ones for the checksums that follow
    bool v6 = pseudo_v6_;
    uint8_t s[16], d[16];
    std::memcpy(s, pseudo_src_, 16);
    std::memcpy(d, pseudo_dst_, 16);
    ipv4(c);  // ("IP " only without -e, as the outer packet)
    pseudo_v6_ = v6;
    std::memcpy(pseudo_src_, s, 16);
    std::memcpy(pseudo_dst_, d, 16);
}

void TcpdumpPrinter::icmp6(Cursor &c, uint32_t length) {
    std::string &o = c.out_ref();
    if (!c.has(0, 4)) {
        o += " [|icmp6]";
        return;
    }
    uint8_t type = c.p[0], code = c.p[1];
    bool v = opt_.verbose;
    if (v && c.has(0, length)) bracket_verdict(o, "icmp6", be16(c.p + 2), transport_checksum(c.p, length, 58, 2));
    o += "ICMP6, ";
    switch (type) {
        case 128:
        case 129:
            o += type == 128 ? "echo request" : "echo reply";
            if (c.has(4, 4)) {
                app(o, ", id %llu", be16(c.p + 4));
                app(o, ", seq %llu", be16(c.p + 6));
            }
            break;
        case 135:
            o += "neighbor solicitation";
            if (v) app(o, ", length %llu", length);
            if (c.has(8, 16)) o += ", who has " + ip6(c.p + 8);
            if (v) nd_options(c, 24, length);
            if (v) return;
            break;
        case 136:
            o += "neighbor advertisement";
            if (v) app(o, ", length %llu", length);
            if (c.has(8, 16)) o += ", tgt is " + ip6(c.p + 8);
            if (v && c.has(4, 1)) {
                std::string f;
                if (c.p[4] & 0x80) f += "router";
                if (c.p[4] & 0x40) f += std::string(f.empty() ? "" : ", ") + "solicited";
                if (c.p[4] & 0x20) f += std::string(f.empty() ? "" : ", ") + "override";
                o += ", Flags [" + (f.empty() ? std::string("none") : f) + "]";
            }
            if (v) nd_options(c, 24, length);
            if (v) return;
            break;
        case 133:
            o += "router solicitation";
            break;
        case 134:
            o += "router advertisement";
            break;
        case 1: {
            o += "destination unreachable";
            static const char *codes[] = {"unreachable route", "unreachable prohibited", "beyond scope",
                                          "unreachable address", "unreachable port"};
            if (code < 5 && c.has(8, 40)) {
                const uint8_t *ih = c.p + 8;
                std::string addr = ip6(ih + 24);
                o += ", ";
                o += codes[code];
                if (code == 4) {
                    int nh = ih[6];
                    uint16_t dport = c.has(48, 4) ? be16(c.p + 48 + 2) : 0;
                    o += ", " + addr + (nh == 6 ? " tcp" : " udp");
                    app(o, " port %llu", dport);
                } else {
                    o += ", " + addr;
                }
            }
            break;
        }
        case 3:
            o += "time exceeded in-transit";
            break;
        default:
            app(o, "type-#%llu", type);
    }
    if (!v) app(o, ", length %llu", length);
}

}  // namespace wiretrace
