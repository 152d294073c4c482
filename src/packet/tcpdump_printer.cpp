#include "packet/tcpdump_printer.h"

#include "packet/checksum.h"

#include <arpa/inet.h>
#include <net/if.h>

#include <cstdio>
#include <cstring>
#include <ctime>

namespace wiretrace {

namespace {
// Thrown when a field lies beyond the captured bytes; the protocol printer that catches it
// ends the line as tcpdump does: " [|tcp]".
struct Truncated {};

uint16_t be16(const uint8_t *p) {
    return static_cast<uint16_t>(p[0] << 8 | p[1]);
}
uint32_t be32(const uint8_t *p) {
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 | static_cast<uint32_t>(p[2]) << 8 |
           p[3];
}
std::string ip4(const uint8_t *p) {
    char b[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, p, b, sizeof b);
    return b;
}
std::string ip6(const uint8_t *p) {
    char b[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, p, b, sizeof b);
    return b;
}
// The Internet checksum of a sum (complemented: 0 for a correct packet's whole sum).
uint16_t fold(uint32_t acc) {
    return static_cast<uint16_t>(~inet_fold(acc) & 0xffff);
}
std::string mac(const uint8_t *p) {
    char b[32];
    std::snprintf(b, sizeof b, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
    return b;
}
void app(std::string &out, const char *fmt, unsigned long long v) {
    char b[64];
    std::snprintf(b, sizeof b, fmt, v);
    out += b;
}
}  // namespace

// The bytes left of the packet from the current layer on: `avail` captured, `wire` on the wire.
struct TcpdumpPrinter::Cursor {
    const uint8_t *p;
    uint32_t avail;
    std::string *outp;
    std::string &out_ref() const { return *outp; }
    const uint8_t *need(uint32_t off, uint32_t n) const {
        if (static_cast<uint64_t>(off) + n > avail) throw Truncated{};
        return p + off;
    }
    bool has(uint32_t off, uint32_t n) const { return static_cast<uint64_t>(off) + n <= avail; }
    Cursor at(uint32_t off) const {
        Cursor c{p + std::min(off, avail), avail - std::min(off, avail), outp};
        return c;
    }
};

std::string TcpdumpPrinter::linktype_name(int linktype) {
    switch (linktype) {
        case 0:
            return "NULL (BSD loopback)";
        case 1:
            return "EN10MB (Ethernet)";
        case 12:
        case 14:
        case 101:
            return "RAW (Raw IP)";
        case 113:
            return "LINUX_SLL (Linux cooked v1)";
        case 276:
            return "LINUX_SLL2 (Linux cooked v2)";
        default:
            return std::to_string(linktype);  // (tcpdump's form for a type it has no name for)
    }
}

void TcpdumpPrinter::print(std::string &out, int linktype, const PacketTime &when, const uint8_t *data, uint32_t caplen,
                           uint32_t len) {
    // a record header that cannot be right is said, not printed (tcpdump's pretty_print_packet):
    // no timestamp, and no exception per packet for a file full of them
    if (caplen == 0 || len == 0 || len < caplen) {
        out += "[Invalid header:";
        if (caplen == 0) out += " caplen==0";
        if (len == 0) {
            out += caplen == 0 ? ", len==0" : " len==0";
        } else if (len < caplen) {
            out += " len(" + std::to_string(len) + ") < caplen(" + std::to_string(caplen) + ")";
        }
        out += "]\n";
        return;
    }
    // at microsecond precision the time is truncated first, as libpcap does, so that deltas
    // (-ttt, -ttttt) are tcpdump's too
    PacketTime ts = when;
    if (!opt_.nano) ts.nsec -= ts.nsec % 1000;
    if (opt_.timestamps == 0) {
        struct tm tm;
        time_t t = static_cast<time_t>(ts.sec);
        localtime_r(&t, &tm);
        char b[64];
        if (opt_.nano)
            std::snprintf(b, sizeof b, "%02d:%02d:%02d.%09u ", tm.tm_hour, tm.tm_min, tm.tm_sec, ts.nsec);
        else
            std::snprintf(b, sizeof b, "%02d:%02d:%02d.%06u ", tm.tm_hour, tm.tm_min, tm.tm_sec, ts.nsec / 1000);
        out += b;
    } else if (opt_.timestamps == 3 || opt_.timestamps == 5) {
        // -ttt: since the previous packet; -ttttt: since the first
        PacketTime ref = opt_.timestamps == 3 ? (have_prev_ ? prev_ : ts) : (have_first_ ? first_ : ts);
        int64_t ns = (ts.sec - ref.sec) * 1000000000LL + (static_cast<int64_t>(ts.nsec) - ref.nsec);
        if (ns < 0) ns = 0;
        int64_t secs = ns / 1000000000LL;
        char b[64];
        if (opt_.nano)
            std::snprintf(b, sizeof b, " %02lld:%02lld:%02lld.%09lld ", static_cast<long long>(secs / 3600),
                          static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                          static_cast<long long>(ns % 1000000000LL));
        else
            std::snprintf(b, sizeof b, " %02lld:%02lld:%02lld.%06lld ", static_cast<long long>(secs / 3600),
                          static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                          static_cast<long long>(ns % 1000000000LL / 1000));
        out += b;
    } else if (opt_.timestamps == 4) {
        struct tm tm;
        time_t t = static_cast<time_t>(ts.sec);
        localtime_r(&t, &tm);
        char b[80];
        size_t k = strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S", &tm);
        if (opt_.nano)
            std::snprintf(b + k, sizeof b - k, ".%09u ", ts.nsec);
        else
            std::snprintf(b + k, sizeof b - k, ".%06u ", ts.nsec / 1000);
        out += b;
    } else if (opt_.timestamps == 2) {
        char b[64];
        if (opt_.nano)
            std::snprintf(b, sizeof b, "%lld.%09u ", static_cast<long long>(ts.sec), ts.nsec);
        else
            std::snprintf(b, sizeof b, "%lld.%06u ", static_cast<long long>(ts.sec), ts.nsec / 1000);
        out += b;
    }
    if (!have_first_) first_ = ts, have_first_ = true;
    prev_ = ts;
    have_prev_ = true;
    Cursor c{data, caplen, &out};
    link_len_ = 0;
    wire_len_ = len;
    longjmp_ = false;
    try {
        switch (linktype) {
            case 1:
                link_ethernet(c);
                break;
            case 113:
                link_sll(c, false);
                break;
            case 276:
                link_sll(c, true);
                break;
            case 12:  // DLT_RAW as libpcap reports LINKTYPE_RAW on Linux
            case 14:
            case 101:
                if (opt_.link_header) out += "ip: ";
                if (c.has(0, 1) && (c.p[0] >> 4) == 6) {
                    ipv6(c);
                } else {
                    ipv4(c);
                }
                break;
            case 0: {
                uint32_t family;
                std::memcpy(&family, c.need(0, 4), 4);
                link_len_ = 4;
                if (opt_.link_header) {
                    app(out,
                        family == 2                                                    ? "AF IPv4 (%llu)"
                        : family == 10 || family == 24 || family == 28 || family == 30 ? "AF IPv6 (%llu)"
                                                                                       : "AF Unknown (%llu)",
                        family);
                    app(out, ", length %llu: ", len);
                }
                Cursor in = c.at(4);
                if (family == 2)
                    ipv4(in);
                else
                    ipv6(in);
                break;
            }
            default:
                // tcpdump's words for a link type it has no printer for, and the whole frame
                out += "UNSUPPORTED";
                hex_dump(out, data, caplen, true);
                out += '\n';
                return;
        }
    } catch (const Truncated &) {
        out += " [|ether]";
        longjmp_ = true;
    }
    // tcpdump dumps from the link payload, or the whole packet when its printer was cut short
    uint32_t skip = longjmp_ ? 0 : std::min(link_len_, caplen);
    if (opt_.hex == 3) {
        // -A: the bytes as text, with tcpdump's ascii_print rules
        out += '\n';
        for (uint32_t i = skip; i < caplen; i++) {
            uint8_t ch = data[i];
            if (ch == '\r') {
                if (caplen - i - 1 > 1 && data[i + 1] != '\n') out += '.';  // (tcpdump's test, one byte short)
            } else if ((ch > 0x20 && ch < 0x7f) || ch == '\t' || ch == ' ' || ch == '\n') {
                out += static_cast<char>(ch);
            } else {
                out += '.';
            }
        }
    } else if (opt_.hex) {
        hex_dump(out, data + skip, caplen - skip, opt_.hex == 2);
    }
    out += '\n';
}

// tcpdump's -x / -X layout: "\n\t0x0010:  c633 6416 ...  .3d..E.........."
void TcpdumpPrinter::hex_dump(std::string &out, const uint8_t *p, uint32_t n, bool with_text) const {
    char line[128];
    for (uint32_t off = 0; off < n; off += 16) {
        std::string hexpart, ascii;
        uint32_t end = std::min(n, off + 16);
        for (uint32_t i = off; i < end; i += 2) {
            char b[8];
            if (i + 1 < end)
                std::snprintf(b, sizeof b, " %02x%02x", p[i], p[i + 1]);
            else
                std::snprintf(b, sizeof b, " %02x", p[i]);
            hexpart += b;
            for (uint32_t k = i; k < std::min(end, i + 2); k++)
                ascii += p[k] > 0x20 && p[k] < 0x7f ? static_cast<char>(p[k]) : '.';
        }
        if (with_text)
            std::snprintf(line, sizeof line, "\n\t0x%04x: %-40s  %s", off, hexpart.c_str(), ascii.c_str());
        else
            std::snprintf(line, sizeof line, "\n\t0x%04x: %s", off, hexpart.c_str());
        out += line;
    }
}

namespace {
const char *ethertype_name(uint16_t type) {
    switch (type) {
        case 0x0800:
            return "IPv4";
        case 0x86dd:
            return "IPv6";
        case 0x0806:
            return "ARP";
        case 0x8100:
            return "802.1Q";
        case 0x88a8:
            return "802.1Q-QinQ";
        case 0x9100:
            return "802.1Q-9100";
        default:
            return "Unknown";
    }
}
}  // namespace

void TcpdumpPrinter::link_ethernet(Cursor &c) {
    const uint8_t *h = c.need(0, 14);
    uint16_t type = be16(h + 12);
    uint32_t off = 14;
    std::string &o = c.out_ref();
    if (opt_.link_header) {
        o += mac(h + 6) + " > " + mac(h);
        app(o, (std::string(", ethertype ") + ethertype_name(type) + " (0x%04llx)").c_str(), type);
        app(o, ", length %llu: ", wire_len_);
    }
    // 802.1Q / QinQ tags: skipped without -e, as tcpdump; with -e each is shown
    while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
        const uint8_t *tag = c.need(off, 4);
        uint16_t tci = be16(tag);
        type = be16(tag + 2);
        if (opt_.link_header) {
            app(o, "vlan %llu", tci & 0xfffu);
            app(o, ", p %llu", tci >> 13);
            if (tci & 0x1000) o += ", DEI";
            app(o, (std::string(", ethertype ") + ethertype_name(type) + " (0x%04llx), ").c_str(), type);
        }
        off += 4;
    }
    link_len_ = off;
    Cursor in = c.at(off);
    ether_payload(in, type);
}

void TcpdumpPrinter::link_sll(Cursor &c, bool v2) {
    uint16_t type = v2 ? be16(c.need(0, 2)) : be16(c.need(14, 2));
    if (v2) {
        // cooked v2 names the interface (by its index on this machine) and the direction
        const uint8_t *h = c.need(0, 20);
        char ifname[IF_NAMESIZE + 1] = "?";
        if (!if_indextoname(be32(h + 4), ifname)) std::strcpy(ifname, "?");
        static const char *types[] = {"In", "B", "M", "P", "Out"};
        char b[64];
        std::snprintf(b, sizeof b, "%-5s %-3s ", ifname, h[10] < 5 ? types[h[10]] : "?");
        c.out_ref() += b;
    }
    if (opt_.link_header) {
        // " In 02:00:00:00:05:02 ethertype IPv4 (0x0800), length 76: "
        const uint8_t *h = c.need(0, v2 ? 20 : 16);
        unsigned pkttype = v2 ? h[10] : be16(h);
        unsigned halen = v2 ? h[11] : be16(h + 4);
        const uint8_t *addr = v2 ? h + 12 : h + 6;
        static const char *types[] = {"In", "B", "M", "P", "Out"};
        char b[32];
        if (v2)
            std::snprintf(b, sizeof b, "ifindex %u ", be32(h + 4));  // (name and direction: above)
        else
            std::snprintf(b, sizeof b, "%3s ", pkttype < 5 ? types[pkttype] : "?");
        std::string &o = c.out_ref();
        o += b;
        for (unsigned i = 0; i < std::min(halen, 8u); i++) {
            char x[4];
            std::snprintf(x, sizeof x, i ? ":%02x" : "%02x", addr[i]);
            o += x;
        }
        app(o, (std::string(" ethertype ") + ethertype_name(type) + " (0x%04llx)").c_str(), type);
        app(o, ", length %llu: ", wire_len_);
    }
    link_len_ = v2 ? 20 : 16;
    Cursor in = c.at(link_len_);
    ether_payload(in, type);
}

void TcpdumpPrinter::ether_payload(Cursor &c, uint16_t type) {
    switch (type) {
        case 0x0800:
            ipv4(c);
            break;
        case 0x86dd:
            ipv6(c);
            break;
        case 0x0806:
            arp(c);
            break;
        default:
            app(c.out_ref(), "ethertype Unknown (0x%04llx)", type);
            app(c.out_ref(), ", length %llu", c.avail);
    }
}

void TcpdumpPrinter::arp(Cursor &c) {
    if (!opt_.link_header) c.out_ref() += "ARP, ";
    try {
        const uint8_t *h = c.need(0, 8);
        uint16_t hrd = be16(h), pro = be16(h + 2), op = be16(h + 6);
        uint8_t hln = h[4], pln = h[5];
        if (hrd != 1 || pro != 0x0800 || hln != 6 || pln != 4) {
            app(c.out_ref(), "Unknown Hardware (%llu)", hrd);
            app(c.out_ref(), ", length %llu", c.avail);
            return;
        }
        if (opt_.verbose) c.out_ref() += "Ethernet (len 6), IPv4 (len 4), ";
        const uint8_t *a = c.need(8, 20);
        const uint8_t *sha = a, *spa = a + 6, *tpa = a + 16;
        if (op == 1)
            c.out_ref() += "Request who-has " + ip4(tpa) + " tell " + ip4(spa);
        else if (op == 2)
            c.out_ref() += "Reply " + ip4(spa) + " is-at " + mac(sha);
        else
            app(c.out_ref(), "op %llu", op);
        app(c.out_ref(), ", length %llu", c.avail);
    } catch (const Truncated &) {
        c.out_ref() += " [|arp]";
    }
}

void TcpdumpPrinter::ipv4(Cursor &c) {
    if (!opt_.link_header) c.out_ref() += "IP ";
    const uint8_t *h;
    try {
        h = c.need(0, 20);
    } catch (const Truncated &) {
        c.out_ref() += " [|ip]";
        return;
    }
    uint32_t ihl = (h[0] & 15u) * 4;
    uint32_t total = be16(h + 2);
    uint16_t frag = be16(h + 6);
    int proto = h[9];
    std::string src = ip4(h + 12), dst = ip4(h + 16);
    pseudo_v6_ = false;
    fragmented_ = (frag & 0x3fff) != 0;
    std::memcpy(pseudo_src_, h + 12, 4);
    std::memcpy(pseudo_dst_, h + 16, 4);
    if (ihl < 20 || total < ihl) {
        c.out_ref() += src + " > " + dst + ": [bad hdr length]";
        return;
    }
    uint32_t length = total - ihl;
    Cursor in = c.at(ihl);
    if (in.avail > length) in.avail = length;  // Ethernet padding is not the packet's
    if (opt_.verbose) {
        std::string &o = c.out_ref();
        static const char *names[256] = {};
        names[1] = "ICMP", names[2] = "IGMP", names[4] = "IPIP", names[6] = "TCP", names[17] = "UDP",
        names[41] = "IPv6", names[47] = "GRE", names[50] = "ESP", names[51] = "AH", names[58] = "ICMPv6",
        names[132] = "SCTP";
        app(o, "(tos 0x%llx", h[1]);
        static const char *ecn[] = {"", ",ECT(1)", ",ECT(0)", ",CE"};
        o += ecn[h[1] & 3];
        app(o, ", ttl %llu", h[8]);
        app(o, ", id %llu", be16(h + 4));
        app(o, ", offset %llu", (frag & 0x1fffu) * 8);
        std::string fl;
        if (frag & 0x2000) fl += "+";
        if (frag & 0x4000) fl += "DF";
        if (frag & 0x8000) fl += "rsvd";
        o += ", flags [" + (fl.empty() ? std::string("none") : fl) + "]";
        o += ", proto ";
        o += names[proto] ? names[proto] : "unknown";
        app(o, " (%llu)", static_cast<unsigned>(proto));
        app(o, ", length %llu", total);
        if (c.has(0, ihl)) {
            uint16_t stored = be16(h + 10);
            uint32_t acc = inet_sum(c.p, ihl) - stored;
            uint16_t good = fold(acc);
            if (fold(inet_sum(c.p, ihl)) != 0) {
                app(o, ", bad cksum %llx", stored);
                app(o, " (->%llx)!", good);
            }
        }
        o += ")\n    ";
    }
    if ((frag & 0x1fff) != 0) {
        c.out_ref() += src + " > " + dst + ": ";
        app(c.out_ref(), "ip-proto-%llu", static_cast<unsigned>(proto));
        return;
    }
    transport(in, proto, src, dst, false, length);
}

void TcpdumpPrinter::ipv6(Cursor &c) {
    if (!opt_.link_header) c.out_ref() += "IP6 ";
    const uint8_t *h;
    try {
        h = c.need(0, 40);
    } catch (const Truncated &) {
        c.out_ref() += " [|ip6]";
        return;
    }
    uint32_t length = be16(h + 4);
    int next = h[6];
    std::string src = ip6(h + 8), dst = ip6(h + 24);
    if (opt_.verbose) {
        std::string &o = c.out_ref();
        uint32_t flow = be32(h) & 0xfffff, cls = (be32(h) >> 20) & 0xff;
        o += "(";
        if (cls) app(o, "class 0x%llx, ", cls);
        if (flow) app(o, "flowlabel 0x%05llx, ", flow);
        app(o, "hlim %llu", h[7]);
        const char *nh = next == 6    ? "TCP"
                         : next == 17 ? "UDP"
                         : next == 58 ? "ICMPv6"
                         : next == 0  ? "Options"
                         : next == 44 ? "Fragment"
                         : next == 43 ? "Routing"
                         : next == 60 ? "DSTOPT"
                                      : "unknown";
        o += ", next-header ";
        o += nh;
        app(o, " (%llu)", static_cast<unsigned>(next));
        app(o, " payload length: %llu) ", length);
    }
    pseudo_v6_ = true;
    fragmented_ = false;
    std::memcpy(pseudo_src_, h + 8, 16);
    std::memcpy(pseudo_dst_, h + 24, 16);
    Cursor in = c.at(40);
    if (in.avail > length) in.avail = length;
    // extension headers: tcpdump names them after the addresses ("HBH "), and the transport
    // header that follows shows its ports without the addresses
    bool ext = false;
    try {
        while (next == 0 || next == 43 || next == 60 || next == 44) {
            const uint8_t *e = in.need(0, 8);
            uint32_t elen = next == 44 ? 8 : (e[1] + 1u) * 8;
            if (!ext) c.out_ref() += src + " > " + dst + ": ";
            ext = true;
            if (next == 44 && (be16(e + 2) & 0xfff8) != 0) {
                c.out_ref() += "frag";
                return;
            }
            c.out_ref() += next == 0 ? "HBH " : next == 60 ? "DSTOPT " : next == 43 ? "srcrt " : "frag ";
            if (opt_.verbose && (next == 0 || next == 60)) {
                // -v: the options, "(rtalert: 0x0000) (padn) "
                for (uint32_t k = 2; k < elen && in.has(k, 1);) {
                    uint8_t t = in.p[k];
                    if (t == 0) {
                        c.out_ref() += "(pad1) ";
                        k++;
                        continue;
                    }
                    if (!in.has(k + 1, 1)) break;
                    uint8_t ol = in.p[k + 1];
                    if (t == 1)
                        c.out_ref() += "(padn) ";
                    else if (t == 5 && ol == 2 && in.has(k + 2, 2))
                        app(c.out_ref(), "(rtalert: 0x%04llx) ", be16(in.p + k + 2));
                    else
                        app(c.out_ref(), "(type %llu) ", t);
                    k += 2u + ol;
                }
            }
            next = e[0];
            in = in.at(elen);
            length = length > elen ? length - elen : 0;
        }
    } catch (const Truncated &) {
        if (!ext) c.out_ref() += src + " > " + dst + ": ";
        c.out_ref() += " [|ip6]";
        return;
    }
    if (ext) {
        ports_only_ = true;
        transport(in, next, src, dst, true, length);
        ports_only_ = false;
        return;
    }
    transport(in, next, src, dst, true, length);
}

void TcpdumpPrinter::transport(Cursor &c, int proto, const std::string &src, const std::string &dst, bool v6,
                               uint32_t length) {
    switch (proto) {
        case 6:
            tcp(c, src, dst, v6, length);
            return;
        case 17:
            udp(c, src, dst, length);
            return;
        case 1:
            addresses(c.out_ref(), src, dst);
            icmp(c, length);
            return;
        case 58:
            addresses(c.out_ref(), src, dst);
            icmp6(c, length);
            return;
        default:
            addresses(c.out_ref(), src, dst);
            app(c.out_ref(), "ip-proto-%llu", static_cast<unsigned>(proto));
            app(c.out_ref(), " %llu", length);
    }
}

void TcpdumpPrinter::tcp(Cursor &c, const std::string &src, const std::string &dst, bool v6, uint32_t length) {
    std::string &o = c.out_ref();
    if (!c.has(0, 4)) {
        addresses(o, src, dst);
        o += " [|tcp]";
        return;
    }
    uint16_t sport = be16(c.p), dport = be16(c.p + 2);
    endpoints(o, src, sport, dst, dport);
    if (!c.has(0, 20)) {
        o += " [|tcp]";
        return;
    }
    const uint8_t *h = c.p;
    uint32_t seq = be32(h + 4), ack = be32(h + 8);
    uint32_t hlen = (h[12] >> 4) * 4u;
    uint8_t flags = h[13];
    uint16_t win = be16(h + 14), urp = be16(h + 18);
    if (hlen < 20) {
        app(o, "tcp %llu", length - std::min(length, 0u));
        app(o, " [bad hdr length %llu - too short, < 20]", hlen);
        return;
    }
    static const struct {
        uint8_t bit;
        char c;
    } names[] = {{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
                 {0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'}};
    o += "Flags [";
    bool any = false;
    for (const auto &n : names)
        if (flags & n.bit) {
            o += n.c;
            any = true;
        }
    if (!any) o += "none";
    o += "]";
    if (opt_.verbose && !fragmented_ && c.has(0, length)) {
        uint16_t stored = be16(h + 16);
        Checksum sum = transport_checksum(c.p, length, 6, 16);
        app(o, ", cksum 0x%04llx", stored);
        if (sum.ok)
            o += " (correct)";
        else
            app(o, " (incorrect -> 0x%04llx)", sum.should_be);
    }
    // tcpdump's relative sequence numbers: bases per connection, set by its first packet that
    // carries an ACK (which itself prints absolute numbers)
    uint32_t thseq = 0, thack = 0;
    bool rev = false;
    if (!opt_.absolute_seq && (flags & 0x10)) {
        // tcpdump compares the addresses as bytes: those of the IP header being printed
        int cmp = std::memcmp(pseudo_src_, pseudo_dst_, v6 ? 16 : 4);
        rev = cmp > 0 || (cmp == 0 && sport > dport);
        auto key = rev ? std::make_tuple(dst, dport, src, sport) : std::make_tuple(src, sport, dst, dport);
        auto it = tcp_seq_.find(key);
        if (it == tcp_seq_.end() || (flags & 0x02)) {
            // not seen yet, or a new conversation on the same ports (a SYN): new bases
            SeqBase b2;
            if (rev) {
                b2.ack = seq;
                b2.seq = ack - 1;
            } else {
                b2.seq = seq;
                b2.ack = ack - 1;
            }
            it = tcp_seq_.insert_or_assign(key, b2).first;
        } else if (rev) {
            seq -= it->second.ack;
            ack -= it->second.seq;
        } else {
            seq -= it->second.seq;
            ack -= it->second.ack;
        }
        thseq = it->second.seq;
        thack = it->second.ack;
    }
    if (hlen > length) {
        app(o, " [bad hdr length %llu", hlen);
        app(o, " - too long, > %llu]", length);
        return;
    }
    uint32_t datalen = length - hlen;
    if (datalen > 0 || (flags & 0x07)) {
        app(o, ", seq %llu", seq);
        if (datalen > 0) app(o, ":%llu", static_cast<uint32_t>(seq + datalen));
    }
    if (flags & 0x10) app(o, ", ack %llu", ack);
    app(o, ", win %llu", win);
    if (flags & 0x20) app(o, ", urg %llu", urp);
    if (hlen > 20) {
        o += ", options [";
        const uint8_t *base = c.p;
        uint32_t off = 20, left = hlen - 20;
        char ch = 0;
        try {
            while (left > 0) {
                if (ch) o += ch;
                if (!c.has(off, 1)) throw Truncated{};  // a GET: no '>'
                uint8_t opt = base[off++];
                uint32_t len = 1;
                if (opt != 0 && opt != 1) {
                    if (!c.has(off, 1)) throw Truncated{};
                    len = base[off++];
                    if (len < 2 || len > left) {
                        app(o, "unknown-%llu", opt);
                        o += " [bad opt]";  // tcpdump's "bad" label
                        o += "]";
                        goto length_part;
                    }
                    --left;
                }
                --left;
                uint32_t dl = 0;
                auto check = [&](uint32_t n) {  // LENCHECK: an explicit check, '>' follows
                    if (n > left) throw 1;
                    if (!c.has(off, n)) throw 2;
                };
                switch (opt) {
                    case 0:
                        o += "eol";
                        break;
                    case 1:
                        o += "nop";
                        break;
                    case 2:
                        o += "mss";
                        dl = 2;
                        check(dl);
                        app(o, " %llu", be16(base + off));
                        break;
                    case 3:
                        o += "wscale";
                        dl = 1;
                        check(dl);
                        app(o, " %llu", base[off]);
                        break;
                    case 4:
                        o += "sackOK";
                        break;
                    case 5: {
                        o += "sack";
                        dl = len - 2;
                        if (dl % 8 != 0) {
                            o += " invalid sack";
                        } else {
                            app(o, " %llu ", dl / 8);
                            for (uint32_t i = 0; i < dl; i += 8) {
                                check(i + 4);
                                uint32_t s = be32(base + off + i);
                                check(i + 8);
                                uint32_t e = be32(base + off + i + 4);
                                if (rev) {
                                    s -= thseq;
                                    e -= thseq;
                                } else {
                                    s -= thack;
                                    e -= thack;
                                }
                                app(o, "{%llu:", s);
                                app(o, "%llu}", e);
                            }
                        }
                        break;
                    }
                    case 8:
                        o += "TS";
                        dl = 8;
                        check(dl);
                        app(o, " val %llu", be32(base + off));
                        app(o, " ecr %llu", be32(base + off + 4));
                        break;
                    default: {
                        static const struct {
                            uint8_t kind;
                            const char *name;
                        } others[] = {{6, "echo"},    {7, "echoreply"}, {11, "cc"},  {12, "ccnew"},
                                      {13, "ccecho"}, {19, "md5"},      {27, "qs"},  {28, "uto"},
                                      {29, "tcp-ao"}, {30, "mptcp"},    {34, "tfo"}, {254, "exp"}};
                        const char *name = nullptr;
                        for (const auto &x : others)
                            if (x.kind == opt) name = x.name;
                        dl = len - 2;
                        if (opt == 253 || opt == 254) {
                            o += "exp-";  // RFC 6994: the experiment id, in hex
                        } else if (name) {
                            o += name;
                        } else {
                            app(o, "unknown-%llu", opt);
                            if (dl) o += " 0x";
                        }
                        for (uint32_t i = 0; i < dl; i++) {
                            check(i + 1);
                            app(o, "%02llx", base[off + i]);
                        }
                    }
                }
                off += dl;
                left -= std::min(left, dl);
                ++dl;
                if (opt != 0 && opt != 1) ++dl;
                if (dl != len) app(o, "[len %llu]", len);
                ch = ',';
                if (opt == 0) break;
            }
            o += "]";
        } catch (const Truncated &) {
            o += " [|tcp]";
            longjmp_ = true;  // tcpdump got here through a GET_ macro's longjmp
            return;
        } catch (int why) {
            if (why == 1) {
                o += "[bad opt]";
            } else {
                o += " [|tcp]";
                if (ch) o += '>';
                return;
            }
        }
    }
length_part:
    app(o, ", length %llu", datalen);
    if (datalen == 0) return;
    if (opt_.verbose && (flags & 0x04)) {
        // -v: a reset's data, as tcpdump's print_tcp_rst_data
        Cursor payload = c.at(hlen);
        o += payload.avail >= datalen ? " [RST" : " [!RST";
        uint32_t n = std::min(datalen, 30u);
        if (datalen > 30) o += "+";
        o += " ";
        for (uint32_t i = 0; i < n && i < payload.avail; i++) {
            uint8_t ch = payload.p[i];
            if (ch >= 0x20 && ch < 0x7f) {
                o += static_cast<char>(ch);
            } else {
                char b[8];
                std::snprintf(b, sizeof b, "\\%03o", ch);
                o += b;
            }
        }
        o += "]";
        return;
    }
    bool http = sport == 80 || dport == 80 || sport == 8080 || dport == 8080 || sport == 3128 || dport == 3128;
    if (http) {
        Cursor payload = c.at(hlen);
        // tcpdump's print_txt_line: a line is printed once its end is seen; running out of
        // captured bytes first ends the packet with " [|http]"
        bool cut = false, past_capture = false;
        auto line = [&](const char *prefix, uint32_t idx) -> uint32_t {
            uint32_t start = idx;
            while (idx < datalen) {
                if (idx >= payload.avail) {
                    cut = past_capture = true;
                    return 0;
                }
                uint8_t ch = payload.p[idx];
                if (ch == '\n') {
                    o += prefix;
                    o.append(reinterpret_cast<const char *>(payload.p + start), idx - start);
                    return idx + 1;
                }
                if (ch == '\r') {
                    if (idx + 1 >= datalen) break;
                    if (idx + 1 >= payload.avail) {
                        cut = past_capture = true;
                        return 0;
                    }
                    if (payload.p[idx + 1] != '\n') return 0;
                    o += prefix;
                    o.append(reinterpret_cast<const char *>(payload.p + start), idx - start);
                    return idx + 2;
                }
                if (!(ch >= 0x20 && ch < 0x7f) && ch != '\t') return 0;
                idx++;
            }
            // printable to the end of the data without a line end: printed as if cut
            o += prefix;
            o.append(reinterpret_cast<const char *>(payload.p + start), idx - start);
            cut = true;
            return 0;
        };
        // only a payload that starts like a request or a response is shown
        uint32_t n = std::min(payload.avail, datalen);
        std::string first(reinterpret_cast<const char *>(payload.p), std::min<uint32_t>(n, 16));
        static const char *methods[] = {"OPTIONS ", "GET ",   "HEAD ",    "POST ",  "PUT ",
                                        "DELETE ",  "TRACE ", "CONNECT ", "PATCH ", "HTTP/1."};
        bool ok = false;
        for (const char *m : methods)
            if (first.rfind(m, 0) == 0) ok = true;
        if (!ok) {
            o += ": HTTP";
        } else if (opt_.verbose) {
            app(o, ": HTTP, length: %llu", datalen);
            for (uint32_t idx = 0; idx < datalen;) {
                idx = line("\n\t", idx);
                if (idx == 0) break;
            }
        } else {
            o += ": HTTP";
            line(": ", 0);
        }
        if (cut) {
            o += " [|http]";
            longjmp_ = past_capture;  // (a line without its end in the data is not a longjmp)
        }
    }
}

void TcpdumpPrinter::udp(Cursor &c, const std::string &src, const std::string &dst, uint32_t length) {
    std::string &o = c.out_ref();
    if (!c.has(0, 8)) {
        addresses(o, src, dst);
        o += " [|udp]";
        return;
    }
    uint16_t sport = be16(c.p), dport = be16(c.p + 2), ulen = be16(c.p + 4);
    endpoints(o, src, sport, dst, dport);
    (void)length;
    if (ulen < 8) {
        app(o, "UDP, bad length %llu < 8", ulen);
        return;
    }
    if (opt_.verbose && pseudo_v6_) {  // (tcpdump verifies IPv4 UDP sums only with -vv)
        if (c.has(0, ulen))            // (a zero sum is not "no checksum" over IPv6)
            bracket_verdict(o, "udp", be16(c.p + 6), transport_checksum(c.p, ulen, 17, 6));
    }
    if (sport == 53 || dport == 53) {
        Cursor payload = c.at(8);
        dns(payload, ulen - 8u);
        return;
    }
    app(o, "UDP, length %llu", ulen - 8u);
}

namespace {
// A DNS name at `off` (compression followed, loops bounded); false when it runs out.
bool dns_name(const uint8_t *msg, uint32_t len, uint32_t off, std::string &out, uint32_t *end) {
    int jumps = 0;
    bool jumped = false;
    while (true) {
        if (off >= len) return false;
        uint8_t l = msg[off];
        if ((l & 0xc0) == 0xc0) {
            if (off + 1 >= len || ++jumps > 32) return false;
            if (!jumped && end) *end = off + 2;
            jumped = true;
            off = static_cast<uint32_t>((l & 0x3f) << 8 | msg[off + 1]);
            continue;
        }
        if (l == 0) {
            if (!jumped && end) *end = off + 1;
            if (out.empty()) out = ".";
            return true;
        }
        if (off + 1 + l > len) return false;
        out.append(reinterpret_cast<const char *>(msg + off + 1), l);
        out += '.';
        off += 1 + l;
    }
}
const char *dns_type(uint16_t t) {
    switch (t) {
        case 1:
            return "A";
        case 2:
            return "NS";
        case 5:
            return "CNAME";
        case 6:
            return "SOA";
        case 12:
            return "PTR";
        case 15:
            return "MX";
        case 16:
            return "TXT";
        case 28:
            return "AAAA";
        case 33:
            return "SRV";
        case 255:
            return "ANY";
        default:
            return nullptr;
    }
}
}  // namespace

void TcpdumpPrinter::dns(Cursor &c, uint32_t length) {
    std::string &o = c.out_ref();
    uint32_t n = std::min(c.avail, length);
    const uint8_t *m = c.p;
    if (n < 12) {
        o += " [|domain]";
        return;
    }
    uint16_t id = be16(m), fl = be16(m + 2), qd = be16(m + 4), an = be16(m + 6), ns = be16(m + 8), ar = be16(m + 10);
    bool response = fl & 0x8000;
    unsigned opcode = (fl >> 11) & 15, rcode = fl & 15;
    static const char *rcodes[] = {"",          " FormErr", " ServFail", " NXDomain", " NotImp", " Refused",
                                   " YXDomain", " YXRRSet", " NXRRSet",  " NotAuth",  " NotZone"};
    static const char *ops[] = {"", " InvQuery", " Status", " op3", " Notify", " Update"};
    app(o, "%llu", id);
    if (opcode < 6) o += ops[opcode];
    uint32_t off = 12;
    auto question = [&](bool with_qmark) -> bool {
        std::string name;
        uint32_t end = off;
        if (!dns_name(m, n, off, name, &end) || end + 4 > n) return false;
        uint16_t type = be16(m + end);
        const char *t = dns_type(type);
        o += " ";
        o += t ? t : ("Type" + std::to_string(type)).c_str();
        if (with_qmark) o += "?";
        o += " " + name;
        off = end + 4;
        return true;
    };
    if (!response) {
        if (fl & 0x0100) o += "+";
        if (fl & 0x0010) o += "%";
        if (qd != 1) app(o, " [%lluq]", qd);
        if (an) app(o, " [%llua]", an);
        if (ns) app(o, " [%llun]", ns);
        if (ar) app(o, " [%llau]", ar);
        if (qd && !question(true)) {
            o += " [|domain]";
            return;
        }
    } else {
        if (rcode < 11) o += rcodes[rcode];
        if (fl & 0x0400) o += "*";
        if (!(fl & 0x0080)) o += "-";
        if (fl & 0x0200) o += "|";
        if (qd != 1) app(o, " [%lluq]", qd);
        app(o, " %llu/", an);
        app(o, "%llu/", ns);
        app(o, "%llu", ar);
        // skip the questions
        for (unsigned i = 0; i < qd; i++) {
            std::string name;
            uint32_t end = off;
            if (!dns_name(m, n, off, name, &end) || end + 4 > n) {
                o += " [|domain]";
                return;
            }
            off = end + 4;
        }
        for (unsigned i = 0; i < an; i++) {
            std::string name;
            uint32_t end = off;
            if (!dns_name(m, n, off, name, &end) || end + 10 > n) {
                o += " [|domain]";
                return;
            }
            uint16_t type = be16(m + end);
            uint16_t rdlen = be16(m + end + 8);
            uint32_t rd = end + 10;
            if (rd + rdlen > n) {
                o += " [|domain]";
                return;
            }
            o += i ? "," : "";
            if (opt_.verbose) o += " " + name;
            const char *t = dns_type(type);
            o += " ";
            o += t ? t : ("Type" + std::to_string(type)).c_str();
            if (type == 1 && rdlen == 4)
                o += " " + ip4(m + rd);
            else if (type == 28 && rdlen == 16)
                o += " " + ip6(m + rd);
            else if (type == 5 || type == 2 || type == 12) {
                std::string target;
                if (dns_name(m, n, rd, target, nullptr)) o += " " + target;
            }
            off = rd + rdlen;
        }
    }
    app(o, " (%llu)", length);
}

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

// tcpdump -v's verdict on a TCP/UDP/ICMPv6 checksum: the value it should have, computed over
// the pseudo-header and the segment with its checksum field (at `at`) taken as zero.
TcpdumpPrinter::Checksum TcpdumpPrinter::transport_checksum(const uint8_t *p, uint32_t len, int proto,
                                                            uint32_t at) const {
    uint32_t acc =
        inet_sum(p, len, pseudo_header_sum(pseudo_src_, pseudo_dst_, pseudo_v6_, static_cast<uint8_t>(proto), len));
    bool ok = fold(acc) == 0;  // the sum over everything, the stored value included
    acc -= be16(p + at);
    uint16_t r = fold(acc);
    if (r == 0 && proto == 17) r = 0xffff;
    return {r, ok};
}

// "src > dst: ", or nothing after IPv6 extension headers (the addresses are already printed)
void TcpdumpPrinter::addresses(std::string &o, const std::string &src, const std::string &dst) const {
    if (!ports_only_) o += src + " > " + dst + ": ";
}

// "src.sport > dst.dport: ", or "sport > dport: " after IPv6 extension headers, as tcpdump
void TcpdumpPrinter::endpoints(std::string &o, const std::string &src, uint16_t sport, const std::string &dst,
                               uint16_t dport) const {
    if (ports_only_)
        o += std::to_string(sport) + " > " + std::to_string(dport) + ": ";
    else
        o += src + "." + std::to_string(sport) + " > " + dst + "." + std::to_string(dport) + ": ";
}

// -v's UDP/ICMPv6 checksum mark: "[udp sum ok] " or "[bad udp cksum 0x1234 -> 0x5678!] "
void TcpdumpPrinter::bracket_verdict(std::string &o, const char *proto, uint16_t stored, Checksum sum) const {
    if (sum.ok) {
        o += std::string("[") + proto + " sum ok] ";
        return;
    }
    app(o, (std::string("[bad ") + proto + " cksum 0x%04llx").c_str(), stored);
    app(o, " -> 0x%04llx!] ", sum.should_be);
}

}  // namespace wiretrace
