// TCP: flags, tcpdump's relative sequence numbers, options, RST data (-v) and HTTP lines.
#include "packet/tcpdump/internal.h"

namespace wiretrace {

using namespace tcpdump_detail;

void TcpdumpPrinter::tcp(Cursor &c, const TransportView &t, const std::string &src, const std::string &dst, bool v6) {
    std::string &o = c.out_ref();
    uint32_t length = t.len;
    if (!t.has_ports) {
        addresses(o, src, dst);
        o += " [|tcp]";
        return;
    }
    uint16_t sport = t.sport, dport = t.dport;
    endpoints(o, src, sport, dst, dport);
    if (!c.has(0, 20)) {  // (tcpdump wants the whole fixed header, the urgent pointer included)
        o += " [|tcp]";
        return;
    }
    const uint8_t *h = c.p;
    uint32_t seq = t.seq, ack = t.ack;
    uint32_t hlen = t.hlen;
    uint8_t flags = t.flags;
    uint16_t win = t.win, urp = be16(h + 18);
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
        IpEndpoint a{{}, sport}, b{{}, dport};
        a.addr.family = b.addr.family = v6 ? 6 : 4;
        std::memcpy(a.addr.bytes, pseudo_src_, v6 ? 16 : 4);
        std::memcpy(b.addr.bytes, pseudo_dst_, v6 ? 16 : 4);
        auto key = rev ? std::make_pair(b, a) : std::make_pair(a, b);
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
        it->second.last_sec = now_sec_;
        if (flags & (kFin | kRst)) it->second.closing = true;
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

}  // namespace wiretrace
