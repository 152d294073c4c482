#include "analysis/tcp_analysis.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "packet/checksum.h"
#include "packet/packet_view.h"

namespace wiretrace {

namespace {
uint16_t be16(const uint8_t *p) {
    return static_cast<uint16_t>(p[0] << 8 | p[1]);
}
// 32-bit sequence space comparisons
bool seq_lt(uint32_t a, uint32_t b) {
    return static_cast<int32_t>(a - b) < 0;
}
bool seq_gt(uint32_t a, uint32_t b) {
    return static_cast<int32_t>(a - b) > 0;
}
bool seq_le(uint32_t a, uint32_t b) {
    return !seq_gt(a, b);
}

// Time since `then`, unsigned as Wireshark computes it: a frame stamped before the one it is
// compared with (capture timestamps do go backwards) is "long after", not "just now".
uint64_t since(int64_t now, int64_t then) {
    return static_cast<uint64_t>(now - then);
}

// Wireshark's HTTP ports (tcp.port range of the http dissector): a payload cut by the snap
// length on these is read past its end, which is what "packet size limited" reports.
bool http_port(uint16_t p) {
    switch (p) {
        case 80:
        case 3128:
        case 3132:
        case 5985:
        case 8080:
        case 8088:
        case 11371:
        case 1900:
        case 2869:
        case 2710:
            return true;
        default:
            return false;
    }
}

using Address = IpAddr;
using Endpoint = IpEndpoint;

// The fields of a TCP segment the analysis needs.
struct Segment {
    Endpoint src, dst;
    uint32_t seq = 0, ack = 0;
    uint16_t win = 0;
    uint8_t flags = 0;
    uint32_t len = 0;  // payload length, from the IP length
    int wscale = -1;   // the window scale option, if present
    bool options_cut = false;
};

struct FragKey {
    Address src, dst;
    uint32_t id;
    uint8_t proto;
    bool operator<(const FragKey &o) const {
        if (!(src == o.src)) return src < o.src;
        if (!(dst == o.dst)) return dst < o.dst;
        if (id != o.id) return id < o.id;
        return proto < o.proto;
    }
};
struct FragBuffer {
    std::vector<uint8_t> data;
    std::vector<std::pair<uint32_t, uint32_t>> have;  // [begin, end) pieces
    int64_t total = -1;                               // known once the last fragment came
};
}  // namespace

struct TcpAnalyzer::Conversation {
    struct Side {
        Endpoint ep;
        uint32_t nextseq = 0;  // 0: unknown (as Wireshark)
        int64_t nextseq_time = 0;
        uint32_t maxseqtobeacked = 0;
        uint32_t lastack = 0;
        int64_t lastack_time = 0;
        uint32_t window = 0;
        int win_scale = -1;  // -1 unknown, -2 no scaling
        bool is_first_ack = false;
        int dupacknum = 0;
        uint64_t lastnondupack = 0;
        uint32_t lastflags = 0;
        bool base_set = false;
        uint32_t base_seq = 0;
        // for summaries
        uint64_t frames = 0, bytes = 0;
    };
    Side side[2];
    int64_t syn_time = -1;  // the most recent SYN without ACK
    int64_t irtt = -1;      // ns
    int64_t first_time = 0, last_time = 0;
    uint32_t index = 0;
    uint64_t counts[16] = {};       // frames showing each TcpFlag (by bit number)
    bool fin[2] = {}, rst = false;  // how it ended, for expiry
    uint64_t bad_checksums = 0;
};

struct TcpAnalyzer::Impl {
    uint64_t frame = 0;
    uint32_t wire_len = 0;       // the current frame's length on the wire
    int64_t capture_start = -1;  // the first frame's time
    bool explain = false;
    std::vector<std::string> hints;
    uint32_t hinted = 0;  // TcpFlag bits already explained
    bool checksum_hinted = false;
    // the first gap ("previous segment not captured") until its fate is known
    struct Gap {
        Conversation *conv = nullptr;
        int dir = 0;
        uint32_t start = 0, end = 0;
        uint64_t frame = 0;
    } gap;
    // bad checksums per sending address, for the offload note
    struct Sender {
        uint64_t checked = 0, bad = 0;
        bool noted = false;
    };
    std::map<Address, Sender> senders;  // checksums by sending address, for the offload note
    void checked(const Address &src, bool bad);
    void hint(uint32_t flag, uint64_t frame);
    void follow_gap(Conversation *c, int dir, const Segment &s);
    Conversation *find_or_create(const Endpoint &src, const Endpoint &dst, int &dir);
    void account(Conversation *c, int dir, int64_t now);
    std::map<uint32_t, std::unique_ptr<Conversation>> convs;  // by index, in order of appearance
    uint32_t conv_count = 0;
    // live captures: conversations closed (FINs both ways, or a RST) and quiet for a minute, or
    // quiet for half an hour, leave the lookup; their memory goes too unless a summary needs them
    bool expiry = false, keep_retired = false;
    int64_t closed_idle_ns = 0, idle_ns = 0;
    int64_t last_sweep = 0;
    void sweep(int64_t now);
    void retire(Conversation *c);
    std::map<std::pair<Endpoint, Endpoint>, Conversation *> by_key;  // canonical order
    Conversation *last_conv = nullptr;                               // the previous frame's
    bool checksums = true;
    std::map<FragKey, FragBuffer> frags;

    // quoted: the frame's view when it holds an ICMP error's quote (dissected already)
    void ip(FrameAnalysis &a, const NetworkView &net, const TransportView &l4, int64_t now, bool in_error,
            const PacketView *quoted);
    void defragment(FrameAnalysis &a, const FragKey &key, uint32_t foff, const uint8_t *data, uint32_t n, bool more,
                    int64_t now);
    void transport(FrameAnalysis &a, const Address &src, const Address &dst, const TransportView &l4, bool in_error,
                   int64_t now, const PacketView *quoted_in);
    void tcp(FrameAnalysis &a, const Address &src, const Address &dst, const TransportView &t, bool in_error,
             int64_t now);
    void analyse(FrameAnalysis &a, Segment &s, int64_t now);
    Conversation *conversation(const Segment &s, int &dir, FrameAnalysis &a);
    uint32_t pseudo_sum(const Address &src, const Address &dst, uint8_t proto, uint32_t len) const;
};

// Adds an IPv4 or IPv6 fragment; the frame that completes its datagram dissects the transport
// (the reassembled payload, checksummed and analysed once).
void TcpAnalyzer::Impl::defragment(FrameAnalysis &a, const FragKey &key, uint32_t foff, const uint8_t *data, uint32_t n,
                                   bool more, int64_t now) {
    // datagrams that never complete must not pile up (a live capture runs for days)
    if (frags.size() >= 4096 && !frags.count(key)) frags.clear();
    FragBuffer &fb = frags[key];
    if (fb.data.size() < foff + n) fb.data.resize(foff + n);
    if (n) std::memcpy(fb.data.data() + foff, data, n);  // (an empty fragment: nothing to copy, maybe no buffer)
    fb.have.emplace_back(foff, foff + n);
    if (!more) fb.total = foff + n;
    if (fb.total < 0) return;
    std::sort(fb.have.begin(), fb.have.end());
    uint32_t reach = 0;
    for (auto &r : fb.have)
        if (r.first <= reach) reach = std::max(reach, r.second);
    if (reach < fb.total) return;
    std::vector<uint8_t> whole(fb.data.begin(), fb.data.begin() + fb.total);
    frags.erase(key);
    auto size = static_cast<uint32_t>(whole.size());
    TransportView l4;
    dissect_transport(l4, key.proto, key.src.family, whole.data(), size, size, false);
    transport(a, key.src, key.dst, l4, false, now, nullptr);
}

TcpAnalyzer::TcpAnalyzer() : impl_(std::make_unique<Impl>()) {}
TcpAnalyzer::~TcpAnalyzer() = default;

void TcpAnalyzer::set_checksums(bool on) {
    impl_->checksums = on;
}

void TcpAnalyzer::set_expiry(bool on, bool keep_for_summary, bool file) {
    impl_->expiry = on;
    impl_->keep_retired = keep_for_summary;
    impl_->closed_idle_ns = file ? 600'000'000'000LL : 60'000'000'000LL;
    impl_->idle_ns = file ? INT64_MAX : 1800'000'000'000LL;
}

size_t TcpAnalyzer::live_conversations() const {
    return impl_->by_key.size();
}

void TcpAnalyzer::Impl::retire(Conversation *c) {
    if (last_conv == c) last_conv = nullptr;
    if (gap.conv == c) gap.conv = nullptr;  // (its hint is not given)
    if (!keep_retired) convs.erase(c->index);
}

void TcpAnalyzer::Impl::sweep(int64_t now) {
    last_sweep = now;

    for (auto it = by_key.begin(); it != by_key.end();) {
        Conversation *c = it->second;
        int64_t idle = now - c->last_time;
        bool closed = c->rst || (c->fin[0] && c->fin[1]);
        if ((closed && idle > closed_idle_ns) || idle > idle_ns) {
            it = by_key.erase(it);
            retire(c);
        } else {
            ++it;
        }
    }
}

std::vector<std::string> TcpAnalyzer::take_hints() {
    std::vector<std::string> h;
    h.swap(impl_->hints);
    return h;
}

uint32_t TcpAnalyzer::Impl::pseudo_sum(const Address &src, const Address &dst, uint8_t proto, uint32_t len) const {
    return pseudo_header_sum(src.bytes, dst.bytes, src.family == 6, proto, len);
}

FrameAnalysis TcpAnalyzer::analyze(int linktype, const PacketTime &ts, const uint8_t *data, uint32_t caplen,
                                   uint32_t len) {
    return analyze(dissect(linktype, data, caplen, len), ts);
}

FrameAnalysis TcpAnalyzer::analyze(const PacketView &v, const PacketTime &ts) {
    FrameAnalysis a;
    a.frame = ++impl_->frame;
    impl_->wire_len = v.len;
    impl_->explain = explain_;
    int64_t now = ts.sec * 1000000000LL + ts.nsec;
    if (impl_->capture_start < 0) impl_->capture_start = now;
    if (v.link_cut == Cut::Short) a.short_frame = true;
    if (v.link_cut != Cut::None || (v.ethertype != 0x0800 && v.ethertype != 0x86dd)) return a;
    if (impl_->expiry && now - impl_->last_sweep > 10'000'000'000LL) impl_->sweep(now);
    impl_->ip(a, v.net, v.l4, now, false, &v);
    return a;
}

// The IP layer as the analysis takes it: the header checksum, reassembly, then the transport.
void TcpAnalyzer::Impl::ip(FrameAnalysis &a, const NetworkView &net, const TransportView &l4, int64_t now,
                           bool in_error, const PacketView *quoted) {
    if (net.cut == Cut::Short) a.short_frame = true;
    if (net.cut != Cut::None) return;
    if (net.version == 4 && !in_error && checksums)
        a.ip_checksum = inet_fold(inet_sum(net.hdr, net.hlen)) == 0xffff ? kCsumGood : kCsumBad;
    if (net.fragment) {
        // reassembly: the transport is dissected once, in the frame that completes the datagram
        // (a cut fragment cannot complete anything; a quoted one is not followed)
        if (in_error || net.payload_cap < net.payload_len) return;
        defragment(a, FragKey{net.src, net.dst, net.frag_id, net.proto}, net.frag_offset, net.payload, net.payload_len,
                   net.more_fragments, now);
        return;
    }
    transport(a, net.src, net.dst, l4, in_error, now, quoted);
}

void TcpAnalyzer::Impl::transport(FrameAnalysis &a, const Address &src, const Address &dst, const TransportView &l4,
                                  bool in_error, int64_t now, const PacketView *quoted_in) {
    const uint8_t *p = l4.hdr;
    const uint32_t cap = l4.cap, len = l4.len;
    if (l4.proto == 6) {
        tcp(a, src, dst, l4, in_error, now);
    } else if (l4.proto == 17) {
        if (l4.cut == Cut::Short) {
            a.short_frame = true;
            return;
        }
        uint16_t field = be16(p + 6);
        uint32_t ulen = be16(p + 4);
        if (!checksums) {
        } else if (field == 0) {
            a.udp_checksum = src.family == 4 ? kCsumNotPresent : kCsumIllegal;
        } else if (ulen < 8 || ulen > len || cap < ulen) {
            a.udp_checksum = kCsumUnverified;
        } else {
            // (a computed 0x0000 is sent as 0xffff in UDP: the same sum either way)
            uint32_t sum = inet_sum(p, ulen, pseudo_sum(src, dst, 17, ulen));
            a.udp_checksum = inet_fold(sum) == 0xffff ? kCsumGood : kCsumBad;
            if (!in_error) checked(src, a.udp_checksum == kCsumBad);
        }
    } else if (l4.icmp_error && !in_error) {
        // an error message quotes the offending packet: its headers are dissected, not analysed
        if (quoted_in && quoted_in->has_quoted) {
            ip(a, quoted_in->quoted_net, quoted_in->quoted_l4, now, true, nullptr);
        } else {  // a reassembled ICMP error: its quote was not in the frame's view
            NetworkView qn;
            TransportView ql;
            dissect_network(qn, ql, p + 8, cap - 8, true);
            ip(a, qn, ql, now, true, nullptr);
        }
    }
}

void TcpAnalyzer::Impl::tcp(FrameAnalysis &a, const Address &src, const Address &dst, const TransportView &t,
                            bool in_error, int64_t now) {
    const uint8_t *p = t.hdr;
    const uint32_t cap = t.cap, len = t.len;
    // the header fields up to the window must be there, or TCP throws before analysing
    if (!t.has_seq) {
        if (in_error) return;  // a quoted header may be cut: ICMP says so, it is no error
        a.short_frame = true;
        a.tcp = true;
        return;  // (not counted in its conversation either: tshark's table skips it too)
    }
    uint32_t hlen = t.hlen;
    if (cap >= 18 && checksums) {
        if (cap < len || hlen < 20 || len < hlen) {
            a.tcp_checksum = kCsumUnverified;
        } else {
            uint32_t sum = inet_sum(p, len, pseudo_sum(src, dst, 6, len));
            uint16_t field = be16(p + 16);
            bool ok = inet_fold(sum) == 0xffff;
            if (ok && field == 0xffff) {
                ok = false;  // tshark: "[TCP CHECKSUM 0xFFFF]"
                if (!in_error) a.tcp_checksum_ffff = true;
            }
            a.tcp_checksum = ok ? kCsumGood : kCsumBad;
            if (!in_error) checked(src, !ok);
        }
    }
    if (in_error) return;
    a.tcp = true;
    if (t.cut == Cut::Bad) {  // no segment length: no analysis
        int dir = 0;
        account(find_or_create({src, t.sport}, {dst, t.dport}, dir), dir, now);
        return;
    }
    Segment s;
    s.src = {src, t.sport};
    s.dst = {dst, t.dport};
    s.seq = t.seq;
    s.ack = t.ack;
    s.flags = t.flags;
    s.win = t.win;
    s.len = t.payload_len;
    s.wscale = t.wscale;
    if (t.options_cut) {
        s.options_cut = true;
        a.short_frame = true;
    }
    // a payload the HTTP dissector reads is "size limited" when the snap length cut it
    if (s.len > 0 && cap < len && (http_port(s.src.port) || http_port(s.dst.port))) a.short_frame = true;
    analyse(a, s, now);
}

TcpAnalyzer::Conversation *TcpAnalyzer::Impl::find_or_create(const Endpoint &src, const Endpoint &dst, int &dir) {
    // consecutive frames mostly belong to the same conversation
    if (last_conv) {
        if (last_conv->side[0].ep == src && last_conv->side[1].ep == dst) {
            dir = 0;
            return last_conv;
        }
        if (last_conv->side[1].ep == src && last_conv->side[0].ep == dst) {
            dir = 1;
            return last_conv;
        }
    }
    auto key = src < dst ? std::make_pair(src, dst) : std::make_pair(dst, src);
    auto it = by_key.find(key);
    if (it != by_key.end()) {
        dir = it->second->side[0].ep == src ? 0 : 1;
        last_conv = it->second;
        return it->second;
    }
    auto &slot = convs[++conv_count];
    slot = std::make_unique<Conversation>();
    Conversation *c = slot.get();
    c->index = conv_count;
    c->side[0].ep = src;
    c->side[1].ep = dst;
    by_key[key] = c;
    last_conv = c;
    dir = 0;
    return c;
}

void TcpAnalyzer::Impl::account(Conversation *c, int dir, int64_t now) {
    Conversation::Side &fwd = c->side[dir];
    if (!c->side[0].frames && !c->side[1].frames) c->first_time = now;
    c->last_time = now;
    fwd.frames++;
    fwd.bytes += wire_len;
}

TcpAnalyzer::Conversation *TcpAnalyzer::Impl::conversation(const Segment &s, int &dir, FrameAnalysis &a) {
    Conversation *c = find_or_create(s.src, s.dst, dir);
    Conversation::Side &fwd = c->side[dir];
    bool pure_syn = (s.flags & (kSyn | kAck)) == kSyn;
    if (pure_syn && fwd.base_set && s.seq != fwd.base_seq) {
        // a new connection on the same ports: a conversation of its own
        a.flags |= kTcpReusedPorts;
        auto key = s.src < s.dst ? std::make_pair(s.src, s.dst) : std::make_pair(s.dst, s.src);
        by_key.erase(key);
        last_conv = nullptr;
        Conversation *old = c;
        c = find_or_create(s.src, s.dst, dir);
        if (expiry) retire(old);
    } else if (pure_syn && fwd.base_set) {
        fwd.nextseq = fwd.maxseqtobeacked;  // the SYN again: a retransmission
    } else if ((s.flags & (kSyn | kAck)) == (kSyn | kAck) && fwd.base_set && s.seq != fwd.base_seq) {
        a.flags |= kTcpReusedPorts;
        fwd.base_seq = s.seq;
    }
    Conversation::Side &side = c->side[dir];
    if (!side.base_set) {
        side.base_set = true;
        side.base_seq = (s.flags & kSyn) ? s.seq : s.seq - 1;
    }
    return c;
}

void TcpAnalyzer::Impl::analyse(FrameAnalysis &a, Segment &s, int64_t now) {
    int dir = 0;
    Conversation *c = conversation(s, dir, a);
    Conversation::Side &fwd = c->side[dir], &rev = c->side[1 - dir];
    a.conversation = c->index;
    a.direction = dir;
    if (!s.options_cut) account(c, dir, now);  // a cut header: analysed, but not tallied (as tshark)
    if (explain && gap.conv == c) follow_gap(c, dir, s);

    const uint32_t seq = s.seq, ack = s.ack, seglen = s.len, win = s.win;
    const uint32_t fwd_nextseq_before = fwd.nextseq;
    const bool S = s.flags & kSyn, F = s.flags & kFin, R = s.flags & kRst, A = s.flags & kAck;
    const bool sfr = S || F || R;
    uint32_t flags = a.flags;  // port reuse, if any

    bool skip_to_ack_checks = false;
    if (seglen == 1 && seq == fwd.nextseq && rev.window == 0) {
        flags |= kTcpZeroWindowProbe;
        skip_to_ack_checks = true;
    }
    if (!skip_to_ack_checks) {
        if (win == 0 && !sfr) flags |= kTcpZeroWindow;
        if (fwd.nextseq && seq_gt(seq, fwd.nextseq) && !R) flags |= kTcpLostSegment;
        if ((seglen == 0 || seglen == 1) && seq == fwd.nextseq - 1 && !sfr) flags |= kTcpKeepAlive;
        if (seglen == 0 && win != 0 && win != fwd.window && seq == fwd.nextseq && ack == fwd.lastack && !sfr)
            flags |= kTcpWindowUpdate;
        if (seglen > 0 && rev.win_scale != -1 && !sfr) {
            int shift = (rev.is_first_ack || rev.win_scale == -2) ? 0 : rev.win_scale;
            if (seq + seglen == rev.lastack + (rev.window << shift)) flags |= kTcpWindowFull;
        }
        bool base = seglen == 0 && seq == fwd.nextseq && ack == fwd.lastack && !sfr;
        if (base && win != 0 && win == fwd.window && (rev.lastflags & kTcpKeepAlive)) {
            flags |= kTcpKeepAliveAck;
        } else if (base && win == 0 && fwd.window == 0 && (rev.lastflags & kTcpZeroWindowProbe)) {
            flags |= kTcpZeroWindowProbeAck;
        } else if (base && win != 0 && win == fwd.window) {
            fwd.dupacknum = fwd.dupacknum == -1 ? 1 : fwd.dupacknum + 1;
            flags |= kTcpDupAck;
            a.dupack_num = static_cast<uint32_t>(fwd.dupacknum);
            a.dupack_of = fwd.lastnondupack;
        }
    }
    if (ack != fwd.lastack) {
        fwd.lastnondupack = a.frame;
        fwd.dupacknum = 0;
    }
    if (rev.maxseqtobeacked && seq_gt(ack, rev.maxseqtobeacked) && A) {
        if (seq_lt(rev.maxseqtobeacked, rev.nextseq)) {
            rev.maxseqtobeacked = rev.nextseq;
            flags |= kTcpAckLostSegment;
        } else {
            if (rev.dupacknum == 0) flags |= kTcpAckLostSegment;
            rev.dupacknum = -1;
        }
    }
    if (seglen > 0 || S || F) {
        bool not_advanced = fwd.nextseq && seq_lt(seq, fwd.nextseq);
        if (!(flags & kTcpKeepAlive)) {
            if (seglen > 1 && seq == fwd.nextseq - 1) not_advanced = false;
            int64_t threshold = c->irtt >= 0 ? c->irtt : 3000000;
            if (seglen > 0 && rev.lastack && seq_le(seq + seglen, rev.lastack)) {
                flags |= kTcpSpuriousRetransmission;
            } else if (not_advanced && rev.dupacknum >= 2 && seq == rev.lastack &&
                       since(now, rev.lastack_time) < 20000000) {
                flags |= kTcpFastRetransmission;
            } else if (not_advanced && since(now, fwd.nextseq_time) < static_cast<uint64_t>(threshold) &&
                       fwd.nextseq != seq + seglen + ((S || F) ? 1 : 0)) {
                flags |= kTcpOutOfOrder;
            } else if (not_advanced) {
                flags |= kTcpRetransmission;
            }
        }
    }
    if (!(flags & kTcpZeroWindowProbe)) {
        uint32_t next = seq + seglen + ((S || F) ? 1 : 0);
        if (!fwd.nextseq || seq_gt(next, fwd.nextseq)) {
            fwd.nextseq = next;
            fwd.nextseq_time = now;
        }
        if (seq == fwd.maxseqtobeacked || !fwd.maxseqtobeacked) fwd.maxseqtobeacked = fwd.nextseq;
    }
    fwd.window = win;
    fwd.lastack = ack;
    fwd.lastack_time = now;
    fwd.lastflags = flags;
    if (F) c->fin[dir] = true;
    if (R) c->rst = true;

    // the handshake's bookkeeping: iRTT, window scaling, first ACKs
    if (S && !A) {
        c->syn_time = now;
    } else if (A && !S && c->irtt < 0 && c->syn_time >= 0) {
        c->irtt = now - c->syn_time;
    }
    if (S) {
        fwd.is_first_ack = true;
        if (!A) {
            if (s.options_cut) {
            } else if (s.wscale >= 0) {
                fwd.win_scale = s.wscale;
            } else {
                fwd.win_scale = rev.win_scale = -2;
            }
        } else if (!s.options_cut) {
            if (s.wscale < 0)
                fwd.win_scale = rev.win_scale = -2;
            else
                fwd.win_scale = rev.win_scale == -2 ? -2 : s.wscale;
        }
    } else if (A) {
        fwd.is_first_ack = false;
    }

    // cut options: the analysis ran, but tshark shows nothing of it
    a.flags = s.options_cut ? 0 : flags;
    if (s.options_cut) a.dupack_num = 0;
    for (int bit = 0; bit < 16; bit++)
        if (a.flags & (1u << bit)) c->counts[bit]++;
    if (a.tcp_checksum == kCsumBad) c->bad_checksums++;
    if (explain) {
        if ((a.flags & kTcpLostSegment) && !(hinted & kTcpLostSegment) && !gap.conv) {
            // explained once its fate is known (follow_gap)
            gap = {c, dir, fwd_nextseq_before, seq, a.frame};
            hinted |= kTcpLostSegment;
        }
        for (uint32_t bit = 1; bit <= kTcpReusedPorts; bit <<= 1)
            if ((a.flags & bit) && !(hinted & bit)) hint(bit, a.frame);
    }
}

namespace {
struct FlagText {
    uint32_t flag;
    const char *info;  // Wireshark's Info-column words
    const char *name;  // the tcp.analysis field
    const char *hint;
};
// In the order Wireshark shows them on a line (the last one it evaluates comes first).
const FlagText k_flag_text[] = {
    {kTcpZeroWindowProbeAck, "TCP ZeroWindowProbeAck", "zero_window_probe_ack",
     "the receiver answers a zero-window probe: its window is still closed."},
    {kTcpZeroWindow, "TCP ZeroWindow", "zero_window",
     "the receiver's buffer is full (window 0): its application is not reading fast enough, and "
     "the sender has to stop."},
    {kTcpZeroWindowProbe, "TCP ZeroWindowProbe", "zero_window_probe",
     "the sender probes a zero window with one byte to learn when it opens again."},
    {kTcpDupAck, "TCP Dup ACK", "duplicate_ack",
     "the receiver repeats its last ACK: a segment arrived beyond a gap, and it is asking for the missing "
     "bytes (from 2 duplicates on, the sender resends at once: a fast retransmission)."},
    {kTcpKeepAliveAck, "TCP Keep-Alive ACK", "keep_alive_ack", "the peer answered a keep-alive: it is alive."},
    {kTcpKeepAlive, "TCP Keep-Alive", "keep_alive",
     "an empty probe on an idle connection (SO_KEEPALIVE, or Linux probing a zero window) to check that the "
     "peer is still there."},
    {kTcpWindowFull, "TCP Window Full", "window_full",
     "this segment fills the receiver's advertised window: the sender must wait for the receiver to read and "
     "ACK (the transfer is limited by the receiver, not the network)."},
    {kTcpWindowUpdate, "TCP Window Update", "window_update",
     "the receiver's window changed with no new data or ACK: it read data and has room again."},
    {kTcpAckLostSegment, "TCP ACKed unseen segment", "ack_lost_segment",
     "the peer acknowledged data this capture never saw: the capture missed it (it started mid-connection or "
     "dropped packets); the network did not lose it."},
    {kTcpLostSegment, "TCP Previous segment not captured", "lost_segment", "bytes are missing before this segment."},
    {kTcpSpuriousRetransmission, "TCP Spurious Retransmission", "spurious_retransmission",
     "the data had already been acknowledged: the sender resent it for nothing (its timer fired too early, or "
     "an ACK was slow)."},
    {kTcpFastRetransmission, "TCP Fast Retransmission", "fast_retransmission",
     "the sender resent after duplicate ACKs signalled a gap, without waiting for its timer: a loss, detected "
     "quickly."},
    {kTcpOutOfOrder, "TCP Out-Of-Order", "out_of_order",
     "this segment came after one that follows it in sequence: reordering on the path, or a quick resend."},
    {kTcpRetransmission, "TCP Retransmission", "retransmission",
     "a segment was sent again: the first copy or its ACK was lost, and the sender's timer (RTO) fired - each "
     "one costs at least 200 ms on Linux."},
    {kTcpReusedPorts, "TCP Port numbers reused", "reused_ports",
     "a new connection uses the same addresses and ports as an earlier one in this capture."},
};

// "::1:80": as tshark's tables print an endpoint, IPv6 without brackets
std::string tshark_endpoint(const Endpoint &e) {
    return addr_text(e.addr) + ":" + std::to_string(e.port);
}
}  // namespace

void TcpAnalyzer::annotate(std::string &text, size_t line_start, const FrameAnalysis &a, bool flags, bool checksums) {
    std::string info;
    for (const FlagText &f : k_flag_text) {
        if (!flags || !(a.flags & f.flag)) continue;
        info += " [";
        info += f.info;
        if (f.flag == kTcpDupAck) info += " " + std::to_string(a.dupack_of) + "#" + std::to_string(a.dupack_num);
        info += "]";
    }
    if (checksums && a.tcp_checksum == kCsumBad)
        info += a.tcp_checksum_ffff ? " [TCP CHECKSUM 0xFFFF]" : " [TCP CHECKSUM INCORRECT]";
    if (checksums && a.udp_checksum == kCsumBad) info += " [UDP CHECKSUM INCORRECT]";
    if (checksums && a.ip_checksum == kCsumBad) info += " [IPv4 CHECKSUM INCORRECT]";
    if (!info.empty()) text.insert(std::min(text.find('\n', line_start), text.size()), info);
}

std::string offload_note(const Address &addr, uint64_t n, bool so_far) {
    std::string a = addr_text(addr);
    return "note: " + std::string(so_far ? "the first " : "all ") + std::to_string(n) + " frames " + a +
           " sent have a bad checksum: almost certainly the capturing host's own traffic with checksum "
           "offload (the network card fills checksums in after the capture point), not corruption.";
}

// Said as soon as it is clear (5 frames, all bad), not only at the end.
void TcpAnalyzer::Impl::checked(const Address &src, bool bad) {
    Sender &sn = senders[src];
    sn.checked++;
    sn.bad += bad;
    if (sn.checked == 5 && sn.bad == 5 && !sn.noted) {
        sn.noted = true;
        hints.push_back(offload_note(src, 5, true));
    }
}

void TcpAnalyzer::Impl::hint(uint32_t flag, uint64_t frame) {
    hinted |= flag;
    for (const FlagText &f : k_flag_text)
        if (f.flag == flag)
            hints.push_back("hint [" + std::string(f.info) + "] (frame " + std::to_string(frame) + "): " + f.hint);
}

// The first gap: resent before the peer acknowledged it (lost on the way), or acknowledged
// without ever being seen (the capture missed it).
void TcpAnalyzer::Impl::follow_gap(Conversation *c, int dir, const Segment &s) {
    std::string head = "hint [TCP Previous segment not captured] (frame " + std::to_string(gap.frame) + "): bytes " +
                       std::to_string(gap.start - c->side[gap.dir].base_seq) + "-" +
                       std::to_string(gap.end - c->side[gap.dir].base_seq - 1) + " (relative) were missing: ";
    if (dir == gap.dir && s.len > 0 && seq_le(s.seq, gap.start) && seq_gt(s.seq + s.len, gap.start)) {
        hints.push_back(head + "the sender resent them in frame " + std::to_string(frame) +
                        " before the peer acknowledged them, so they were lost on the way (a real loss, "
                        "between the sender and the receiver).");
        gap.conv = nullptr;
        gap.frame = 0;
    } else if (dir != gap.dir && (s.flags & kAck) && !seq_lt(s.ack, gap.end)) {
        hints.push_back(head + "the peer acknowledged them in frame " + std::to_string(frame) +
                        " although they were never seen here, so the capture missed them; the network did "
                        "not lose them.");
        gap.conv = nullptr;
        gap.frame = 0;
    }
}

std::vector<std::string> TcpAnalyzer::finish(bool checksums) {
    std::vector<std::string> out = take_hints();
    Impl &m = *impl_;
    if (explain_ && m.gap.conv)
        out.push_back("hint [TCP Previous segment not captured] (frame " + std::to_string(m.gap.frame) +
                      "): the missing bytes were neither resent nor acknowledged before the capture ended.");
    if (checksums) {
        for (const auto &[addr, sn] : m.senders)
            if (sn.checked >= 3 && sn.bad == sn.checked && sn.checked != 5)
                out.push_back(offload_note(addr, sn.checked, false));
    }
    return out;
}

void TcpAnalyzer::print_summary(std::string &out, bool checksums) const {
    const Impl &m = *impl_;
    char buf[512];
    out += "TCP conversations:\n";
    std::snprintf(buf, sizeof buf, "%-46s %-46s %8s %12s %8s %12s %14s %10s %10s  %s\n", "Address A", "Address B",
                  "A->B", "bytes", "B->A", "bytes", "start", "duration", "iRTT", "warnings");
    out += buf;
    for (const auto &kv : m.convs) {
        const auto &c = kv.second;
        if (!c->side[0].frames && !c->side[1].frames) continue;
        double start = (c->first_time - m.capture_start) / 1e9, dur = (c->last_time - c->first_time) / 1e9;
        char irtt[32] = "-";
        if (c->irtt >= 0) std::snprintf(irtt, sizeof irtt, "%.6f", c->irtt / 1e9);
        std::snprintf(buf, sizeof buf, "%-46s %-46s %8llu %12llu %8llu %12llu %14.9f %10.4f %10s ",
                      tshark_endpoint(c->side[0].ep).c_str(), tshark_endpoint(c->side[1].ep).c_str(),
                      static_cast<unsigned long long>(c->side[0].frames),
                      static_cast<unsigned long long>(c->side[0].bytes),
                      static_cast<unsigned long long>(c->side[1].frames),
                      static_cast<unsigned long long>(c->side[1].bytes), start, dur, irtt);
        out += buf;
        std::string w;
        // the order of tshark's expert list: retransmissions count fast and spurious ones too
        for (const FlagText &f : k_flag_text) {
            int bit = __builtin_ctz(f.flag);
            uint64_t n = c->counts[bit];
            if (f.flag == kTcpRetransmission)
                n += c->counts[__builtin_ctz(kTcpFastRetransmission)] +
                     c->counts[__builtin_ctz(kTcpSpuriousRetransmission)];
            if (n) w += std::string(w.empty() ? "" : " ") + f.name + "=" + std::to_string(n);
        }
        if (checksums && c->bad_checksums)
            w += std::string(w.empty() ? "" : " ") + "bad_checksum=" + std::to_string(c->bad_checksums);
        out += (w.empty() ? "-" : w) + "\n";
    }
}

std::string TcpAnalyzer::csv_header() {
    return "frame.number,tcp.analysis.flags,tcp.analysis.retransmission,tcp.analysis.fast_retransmission,"
           "tcp.analysis.spurious_retransmission,tcp.analysis.out_of_order,tcp.analysis.lost_segment,"
           "tcp.analysis.ack_lost_segment,tcp.analysis.duplicate_ack,tcp.analysis.duplicate_ack_num,"
           "tcp.analysis.zero_window,tcp.analysis.window_full,tcp.analysis.keep_alive,tcp.analysis.keep_alive_ack,"
           "tcp.analysis.window_update,tcp.checksum.status,_ws.short,tcp.analysis.zero_window_probe,"
           "tcp.analysis.zero_window_probe_ack,tcp.analysis.reused_ports,ip.checksum.status,udp.checksum.status\n";
}

void TcpAnalyzer::csv_row(std::string &out, const FrameAnalysis &a) {
    auto b = [&](bool v) {
        out += ',';
        if (v) out += '1';
    };
    auto status = [&](int8_t v) {
        out += ',';
        if (v >= 0) out += static_cast<char>('0' + v);
    };
    out += std::to_string(a.frame);
    uint32_t f = a.flags;
    b(f != 0);
    // fast and spurious retransmissions carry the generic item too
    b(f & (kTcpRetransmission | kTcpFastRetransmission | kTcpSpuriousRetransmission));
    b(f & kTcpFastRetransmission);
    b(f & kTcpSpuriousRetransmission);
    b(f & kTcpOutOfOrder);
    b(f & kTcpLostSegment);
    b(f & kTcpAckLostSegment);
    b(f & kTcpDupAck);
    out += ',';
    if (f & kTcpDupAck) out += std::to_string(a.dupack_num);
    b(f & kTcpZeroWindow);
    b(f & kTcpWindowFull);
    b(f & kTcpKeepAlive);
    b(f & kTcpKeepAliveAck);
    b(f & kTcpWindowUpdate);
    status(a.tcp_checksum);
    b(a.short_frame);
    b(f & kTcpZeroWindowProbe);
    b(f & kTcpZeroWindowProbeAck);
    b(f & kTcpReusedPorts);
    status(a.ip_checksum);
    status(a.udp_checksum);
    out += '\n';
}

}  // namespace wiretrace
