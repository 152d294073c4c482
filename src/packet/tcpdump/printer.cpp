// The printer's entry: the record checks, the timestamp in each -t form, the link type's
// printer, and the -x/-X/-A dumps.
#include "packet/tcpdump/internal.h"

#include <net/if.h>

#include <ctime>

namespace wiretrace {

using namespace tcpdump_detail;

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

void TcpdumpPrinter::print(std::string &out, const PacketView &v, const PacketTime &when) {
    const uint8_t *data = v.data;
    uint32_t caplen = v.caplen, len = v.len;
    int linktype = v.linktype;
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
    now_sec_ = ts.sec;
    if (opt_.forget_idle_s && now_sec_ >= next_sweep_sec_) forget_quiet_connections();
    view_ = &v;
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

void TcpdumpPrinter::forget_quiet_connections() {
    for (auto it = tcp_seq_.begin(); it != tcp_seq_.end();) {
        int64_t quiet = now_sec_ - it->second.last_sec;
        if (quiet > opt_.forget_idle_s || (it->second.closing && quiet > 60))
            it = tcp_seq_.erase(it);
        else
            ++it;
    }
    next_sweep_sec_ = now_sec_ + 10;
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
