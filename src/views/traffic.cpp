#include "views/traffic.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string_view>

#include "analysis/tcp_analysis.h"

namespace wiretrace {

namespace {
// A connection nothing moved on for this long leaves the view (iftop forgets a pair once its
// 40 s history is empty).
constexpr int64_t kForgetNs = 60'000'000'000;
// At most this many processes that exited stay listed (the oldest go first).
constexpr size_t kMaxExited = 4096;

const char *proto_name(uint8_t p) {
    switch (p) {
        case 6:
            return "TCP";
        case 17:
            return "UDP";
        case 1:
            return "ICMP";
        case 58:
            return "ICMP6";
        default:
            return "IP";
    }
}

std::string scaled(double v, const char *const units[4], double base) {
    int u = 0;
    while (u < 3 && v >= base) v /= base, u++;
    char buf[32];
    if (u == 0)
        std::snprintf(buf, sizeof buf, "%.0f%s", v, units[0]);
    else
        std::snprintf(buf, sizeof buf, v >= 100 ? "%.0f%s" : v >= 10 ? "%.1f%s" : "%.2f%s", v, units[u]);
    return buf;
}
}  // namespace

std::string iftop_rate(double bytes_per_s) {
    static const char *const units[4] = {"b", "Kb", "Mb", "Gb"};
    return scaled(bytes_per_s * 8, units, 1000);
}

std::string byte_count(uint64_t bytes) {
    static const char *const units[4] = {"B", "KB", "MB", "GB"};
    return scaled(static_cast<double>(bytes), units, 1024);
}

void RateRing::roll(int64_t ns) {
    bytes_[head_] = current_;
    ns_[head_] = ns;
    if (ns > 0) peak_ = std::max(peak_, static_cast<double>(current_) * 1e9 / static_cast<double>(ns));
    head_ = (head_ + 1) % kSlots;
    filled_ = std::min(filled_ + 1, kSlots);
    current_ = 0;
}

double RateRing::rate(int seconds, const RateRing &clock) const {
    uint64_t b = 0;
    for (int i = 1; i <= std::min(seconds, filled_); i++) b += bytes_[(head_ - i + kSlots) % kSlots];
    int64_t ns = 0;
    for (int i = 1; i <= std::min(seconds, clock.filled_); i++) ns += clock.ns_[(clock.head_ - i + kSlots) % kSlots];
    return ns > 0 ? static_cast<double>(b) * 1e9 / static_cast<double>(ns) : 0;
}

bool RateRing::idle() const {
    if (current_) return false;
    for (int i = 0; i < filled_; i++)
        if (bytes_[i]) return false;
    return true;
}

size_t TrafficTable::KeyHash::operator()(const Key &k) const {
    size_t h = (std::hash<int>()(k.pid) << 1) ^ k.proto;
    for (const IpEndpoint *e : {&k.a, &k.b})
        h = h * 1000003 ^ std::hash<uint64_t>()(e->addr.word(0) ^ e->addr.word(1)) ^ e->port;
    return h;
}

TrafficTable::Conn &TrafficTable::conn(const Key &k, const PacketView &v, bool outgoing) {
    auto [it, fresh] = conns_.try_emplace(k);
    Conn &c = it->second;
    if (fresh) {
        c.local = outgoing ? v.src() : v.dst();
        c.remote = outgoing ? v.dst() : v.src();
        c.l4 = v.l4.proto ? v.l4.proto : v.net.proto;
        c.row.proto = proto_name(c.l4);
        c.row.local = v.l4.has_ports ? endpoint_text(c.local) : addr_text(c.local.addr);
        c.row.remote = v.l4.has_ports ? endpoint_text(c.remote) : addr_text(c.remote.addr);
    }
    return c;
}

void TrafficTable::account(Conn &c, const PacketView &v, uint32_t flags, bool outgoing, uint64_t bytes) {
    (outgoing ? c.out : c.in).add(bytes);
    Rates &r = outgoing ? c.row.out : c.row.in;
    r.total += bytes;
    r.packets++;
    c.last_ns = now_ns_;
    if (v.is_tcp() && v.l4.has_seq) {  // the state as the wire shows it, from the local end
        uint8_t f = v.l4.flags;
        if (f & kRst) {
            c.row.state = "RESET";
        } else if (f & kFin) {
            c.fins |= outgoing ? 1 : 2;
            c.row.state = c.fins == 3 ? "CLOSED" : "FIN_WAIT";
        } else if (f & kSyn) {
            // a SYN the local end sent, or the SYN-ACK it received: it is connecting
            c.row.state = outgoing == !(f & kAck) ? "SYN_SENT" : "SYN_RECV";
        } else if ((f & kAck) && c.fins == 0 && std::string_view(c.row.state) != "RESET") {
            c.row.state = "ESTABLISHED";
        }
    }
    if (flags & (kTcpRetransmission | kTcpFastRetransmission | kTcpSpuriousRetransmission)) c.row.retrans++;
    if (flags & kTcpDupAck) c.row.dup_acks++;
    if (flags & kTcpZeroWindow) c.row.zero_windows++;
    if (flags & (kTcpLostSegment | kTcpAckLostSegment)) c.row.lost++;
}

void TrafficTable::packet(const PacketView &v, uint32_t flags, const Owner &o) {
    if (!start_ns_) return;  // not started
    uint64_t bytes = ip_bytes(v);
    // by process and flow: a listening socket's handshake and the accepted socket's data are
    // one connection (the row shows the descriptor that moved its latest packet)
    Key k{o.pid, static_cast<uint8_t>(v.l4.proto ? v.l4.proto : v.net.proto), o.outgoing ? v.src() : v.dst(),
          o.outgoing ? v.dst() : v.src()};
    bool fresh = !conns_.count(k);
    Conn &c = conn(k, v, o.outgoing);
    c.row.pid = o.pid;
    c.row.fd = o.fd;
    if (o.comm) c.row.comm = *o.comm;
    account(c, v, flags, o.outgoing, bytes);
    if (o.pid) {
        Proc &p = procs_[o.pid];
        p.row.pid = o.pid;
        if (o.comm) p.row.comm = *o.comm;
        if (fresh) p.row.connections++;
        (o.outgoing ? p.out : p.in).add(bytes);
        Rates &r = o.outgoing ? p.row.out : p.row.in;
        r.total += bytes;
        r.packets++;
    }
    (o.outgoing ? all_out_ : all_in_).add(bytes);
    (o.outgoing ? all_out_total_ : all_in_total_) += bytes;
}

void TrafficTable::packet(const PacketView &v, uint32_t flags) {
    if (!start_ns_ || (v.net.version != 4 && v.net.version != 6)) return;
    // the flow in either direction is one connection; its first packet's sender is "local"
    Key fwd{0, static_cast<uint8_t>(v.l4.proto ? v.l4.proto : v.net.proto), v.src(), v.dst()};
    Key rev{0, fwd.proto, v.dst(), v.src()};
    bool outgoing = true;
    auto it = conns_.find(fwd);
    if (it == conns_.end() && conns_.count(rev)) {
        outgoing = false;
        it = conns_.find(rev);
    }
    Conn &c = it != conns_.end() ? it->second : conn(fwd, v, true);
    uint64_t bytes = ip_bytes(v);
    account(c, v, flags, outgoing, bytes);
    (outgoing ? all_out_ : all_in_).add(bytes);
    (outgoing ? all_out_total_ : all_in_total_) += bytes;
}

void TrafficTable::process_gone(pid_t pid) {
    auto it = procs_.find(pid);
    if (it != procs_.end()) it->second.row.exited = true;
}

void TrafficTable::fill(Rates &r, const RateRing &ring) const {
    r.r2 = ring.rate(2, clock_);
    r.r10 = ring.rate(10, clock_);
    r.r40 = ring.rate(40, clock_);
    r.peak = ring.peak();
}

std::shared_ptr<const TopModel> TrafficTable::tick(int64_t now_ns, const CounterSnapshot *counters) {
    auto m = std::make_shared<TopModel>();
    clock_gettime(CLOCK_REALTIME, &m->wall);
    m->title = title_;
    if (!start_ns_) {  // the first call starts the clock
        start_ns_ = last_tick_ns_ = now_ns_ = now_ns;
        if (counters) {
            first_ = prev_ = *counters;
            have_counters_ = true;
        }
        return m;
    }
    int64_t dt = now_ns - last_tick_ns_;
    last_tick_ns_ = now_ns_ = now_ns;
    m->elapsed_s = static_cast<double>(now_ns - start_ns_) / 1e9;
    clock_.roll(dt);
    all_out_.roll(dt);
    all_in_.roll(dt);
    fill(m->out, all_out_);
    fill(m->in, all_in_);
    m->out.total = all_out_total_;
    m->in.total = all_in_total_;
    for (auto it = conns_.begin(); it != conns_.end();) {
        Conn &c = it->second;
        c.out.roll(dt);
        c.in.roll(dt);
        if (now_ns - c.last_ns > kForgetNs && c.out.idle() && c.in.idle()) {
            it = conns_.erase(it);
            continue;
        }
        fill(c.row.out, c.out);
        fill(c.row.in, c.in);
        m->connections.push_back(c.row);
        ++it;
    }
    size_t exited = 0;
    for (auto &[pid, p] : procs_) {
        p.out.roll(dt);
        p.in.roll(dt);
        fill(p.row.out, p.out);
        fill(p.row.in, p.in);
        exited += p.row.exited;
        m->processes.push_back(p.row);
    }
    if (exited > kMaxExited) {  // the exited ones that moved least go
        std::vector<std::pair<uint64_t, pid_t>> gone;
        for (const auto &[pid, p] : procs_)
            if (p.row.exited) gone.emplace_back(p.row.out.total + p.row.in.total, pid);
        std::sort(gone.begin(), gone.end());
        for (size_t i = 0; i < exited - kMaxExited; i++) procs_.erase(gone[i].second);
    }
    if (counters && have_counters_) {
        double s = static_cast<double>(counters->mono_ns - prev_.mono_ns) / 1e9;
        if (s <= 0) s = 1e-9;
        for (const IfaceCounters &c : counters->ifaces) {
            const IfaceCounters *p = prev_.iface(c.name);
            const IfaceCounters *f = first_.iface(c.name);
            if (!p) p = &c;
            if (!f) f = &c;
            auto d = [](uint64_t a, uint64_t b) { return b >= a ? b - a : b; };
            TopIface &i = m->ifaces.emplace_back();
            i.name = c.name;
            i.rx_pps = static_cast<double>(d(p->rx_packets, c.rx_packets)) / s;
            i.tx_pps = static_cast<double>(d(p->tx_packets, c.tx_packets)) / s;
            i.rx_Bps = static_cast<double>(d(p->rx_bytes, c.rx_bytes)) / s;
            i.tx_Bps = static_cast<double>(d(p->tx_bytes, c.tx_bytes)) / s;
            i.rx_err = static_cast<double>(d(p->rx_errs, c.rx_errs)) / s;
            i.tx_err = static_cast<double>(d(p->tx_errs, c.tx_errs)) / s;
            i.rx_drop = static_cast<double>(d(p->rx_drop, c.rx_drop)) / s;
            i.tx_drop = static_cast<double>(d(p->tx_drop, c.tx_drop)) / s;
            i.rx_bytes = d(f->rx_bytes, c.rx_bytes);
            i.tx_bytes = d(f->tx_bytes, c.tx_bytes);
            i.rx_packets = d(f->rx_packets, c.rx_packets);
            i.tx_packets = d(f->tx_packets, c.tx_packets);
            i.rx_errs = d(f->rx_errs, c.rx_errs);
            i.tx_errs = d(f->tx_errs, c.tx_errs);
            i.rx_drops = d(f->rx_drop, c.rx_drop);
            i.tx_drops = d(f->tx_drop, c.tx_drop);
        }
        prev_ = *counters;
    }
    return m;
}

}  // namespace wiretrace
