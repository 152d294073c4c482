// IPv4 and IPv6 (extension headers named as tcpdump does), and the hand-off to the transport.
#include "packet/tcpdump/internal.h"

namespace wiretrace {

using namespace tcpdump_detail;

// The dissector's view of the IP layer that starts at the cursor: the packet's own, or the
// datagram its ICMP error quotes; any other (a quote inside a quote, an IPv4 header behind an
// IPv6 ethertype) is dissected here by the same dissector.
void TcpdumpPrinter::layer_view(const Cursor &c, NetworkView &n, TransportView &t) const {
    if (view_ && view_->net.hdr == c.p && view_->net.cap == c.avail) {
        n = view_->net;
        t = view_->l4;
    } else if (view_ && view_->has_quoted && view_->quoted_net.hdr == c.p && view_->quoted_net.cap == c.avail) {
        n = view_->quoted_net;
        t = view_->quoted_l4;
    } else {
        dissect_network(n, t, c.p, c.avail, false);
    }
}

// The transport view to print from: the dissector's when it dissected this header, else the
// header at `in` dissected now (a first fragment, a header behind a cut IP header).
const TransportView &TcpdumpPrinter::transport_view(const NetworkView &n, const TransportView &t, const Cursor &in,
                                                    uint8_t proto, uint32_t length, TransportView &local) const {
    if (n.cut == Cut::None && !n.fragment && t.hdr == in.p && t.proto == proto) return t;
    dissect_transport(local, proto, n.version == 6 ? 6 : 4, in.p, in.avail, length, false);
    return local;
}

void TcpdumpPrinter::ipv4(Cursor &c) {
    std::string &o = c.out_ref();
    NetworkView n;
    TransportView t;
    layer_view(c, n, t);
    if (n.version != 4 && c.has(0, 1)) {
        // what tcpdump says of another version behind an IPv4 link type
        unsigned version = c.p[0] >> 4;
        if (version == 6)
            o += "IP6, wrong link-layer encapsulation";
        else
            app(o, "IP%llu", version);
        o += " (invalid)";
        return;
    }
    if (!opt_.link_header) o += "IP ";
    if (n.cap < 20) {
        o += " [|ip]";
        return;
    }
    const uint8_t *h = n.hdr;
    uint32_t ihl = n.hlen;
    uint32_t total = be16(h + 2);
    uint16_t frag = be16(h + 6);
    int proto = n.proto;
    std::string src = ip4(n.src.bytes), dst = ip4(n.dst.bytes);
    pseudo_v6_ = false;
    fragmented_ = n.fragment;
    std::memcpy(pseudo_src_, n.src.bytes, 4);
    std::memcpy(pseudo_dst_, n.dst.bytes, 4);
    if (ihl < 20 || total < ihl) {
        o += src + " > " + dst + ": [bad hdr length]";
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
        app(o, ", id %llu", n.frag_id);
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
    if (n.frag_offset != 0) {
        c.out_ref() += src + " > " + dst + ": ";
        app(c.out_ref(), "ip-proto-%llu", static_cast<unsigned>(proto));
        return;
    }
    TransportView local;
    transport(in, transport_view(n, t, in, n.proto, length, local), src, dst, false);
}

void TcpdumpPrinter::ipv6(Cursor &c) {
    if (!c.has(0, 40)) {  // (tcpdump checks before it names the protocol)
        c.out_ref() += " [|ip6]";
        return;
    }
    if (!opt_.link_header) c.out_ref() += "IP6 ";
    NetworkView n;
    TransportView t;
    layer_view(c, n, t);
    const uint8_t *h = c.p;
    if (n.version != 6) {
        app(c.out_ref(), "version error: %llu != 6", h[0] >> 4u);
        return;
    }
    uint32_t length = be16(h + 4);
    int next = h[6];
    std::string src = ip6(n.src.bytes), dst = ip6(n.dst.bytes);
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
    std::memcpy(pseudo_src_, n.src.bytes, 16);
    std::memcpy(pseudo_dst_, n.dst.bytes, 16);
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
    TransportView local;
    const TransportView &l4 = transport_view(n, t, in, static_cast<uint8_t>(next), length, local);
    ports_only_ = ext;
    transport(in, l4, src, dst, true);
    ports_only_ = false;
}

void TcpdumpPrinter::transport(Cursor &c, const TransportView &t, const std::string &src, const std::string &dst,
                               bool v6) {
    uint32_t length = t.len;
    switch (t.proto) {
        case 6:
            tcp(c, t, src, dst, v6);
            return;
        case 17:
            udp(c, t, src, dst);
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
            app(c.out_ref(), "ip-proto-%llu", static_cast<unsigned>(t.proto));
            app(c.out_ref(), " %llu", length);
    }
}

}  // namespace wiretrace
