// UDP, and DNS (a one-line summary of queries and answers, as tcpdump -nn).
#include "packet/tcpdump/internal.h"

namespace wiretrace {

using namespace tcpdump_detail;

void TcpdumpPrinter::udp(Cursor &c, const TransportView &t, const std::string &src, const std::string &dst) {
    std::string &o = c.out_ref();
    if (t.cap < 8) {
        addresses(o, src, dst);
        o += " [|udp]";
        return;
    }
    uint16_t sport = t.sport, dport = t.dport, ulen = be16(c.p + 4);
    endpoints(o, src, sport, dst, dport);
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

}  // namespace wiretrace
