#include "views/net_stats.h"

#include <cinttypes>
#include <cstdio>

namespace wiretrace {

namespace {
// A counter's growth; a counter that went backwards was reset (an interface recreated under the
// same name) and counts from zero.
uint64_t grew(uint64_t before, uint64_t after) {
    return after >= before ? after - before : after;
}

double seconds(const CounterSnapshot &a, const CounterSnapshot &b) {
    double s = static_cast<double>(b.mono_ns - a.mono_ns) / 1e9;
    return s > 0 ? s : 1e-9;
}

void cell(std::string &out, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " %9.2f", v);
    out += buf;
}

void label_cell(std::string &out, const std::string &label, const char *head) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%-11s %9s", label.c_str(), head);
    out += buf;
}

const IfaceCounters &before_of(const CounterSnapshot &a, const IfaceCounters &now) {
    const IfaceCounters *p = a.iface(now.name);
    return p ? *p : now;  // new in this interval: nothing to count yet
}

// sar's %ifutil: the busier direction's share of a full-duplex link, both directions' of a
// half-duplex one; 0 for a link of unknown speed (lo, veth without a speed)
double ifutil(const IfaceCounters &c, double rx_bytes_s, double tx_bytes_s) {
    if (c.speed_mbps <= 0) return 0;
    double bits = c.full_duplex ? std::max(rx_bytes_s, tx_bytes_s) * 8 : (rx_bytes_s + tx_bytes_s) * 8;
    return bits * 100 / (static_cast<double>(c.speed_mbps) * 1e6);
}

struct TcpField {
    const char *sar, *nstat, *json;
};
constexpr TcpField kTcp[] = {
    {"active/s", "TcpActiveOpens", "active_opens"},
    {"passive/s", "TcpPassiveOpens", "passive_opens"},
    {"iseg/s", "TcpInSegs", "in_segs"},
    {"oseg/s", "TcpOutSegs", "out_segs"},
    {"atmptf/s", "TcpAttemptFails", "attempt_fails"},
    {"estres/s", "TcpEstabResets", "estab_resets"},
    {"retrans/s", "TcpRetransSegs", "retrans_segs"},
    {"isegerr/s", "TcpInErrs", "in_errs"},
    {"orsts/s", "TcpOutRsts", "out_rsts"},
};
}  // namespace

std::string sar_time(const timespec &t) {
    tm lt;
    localtime_r(&t.tv_sec, &lt);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", lt.tm_hour, lt.tm_min, lt.tm_sec);
    return buf;
}

void sar_tables(const CounterSnapshot &a, const CounterSnapshot &b, const std::string &header_label,
                const std::string &label, std::string &out) {
    double s = seconds(a, b);
    auto rate = [&](uint64_t x, uint64_t y) { return static_cast<double>(grew(x, y)) / s; };
    // DEV
    label_cell(out, header_label, "IFACE");
    out += "   rxpck/s   txpck/s    rxkB/s    txkB/s   rxcmp/s   txcmp/s  rxmcst/s   %ifutil\n";
    for (const IfaceCounters &c : b.ifaces) {
        const IfaceCounters &p = before_of(a, c);
        label_cell(out, label, c.name.c_str());
        double rxb = rate(p.rx_bytes, c.rx_bytes), txb = rate(p.tx_bytes, c.tx_bytes);
        for (double v : {rate(p.rx_packets, c.rx_packets), rate(p.tx_packets, c.tx_packets), rxb / 1024, txb / 1024,
                         rate(p.rx_compressed, c.rx_compressed), rate(p.tx_compressed, c.tx_compressed),
                         rate(p.rx_multicast, c.rx_multicast), ifutil(c, rxb, txb)})
            cell(out, v);
        out += '\n';
    }
    // EDEV
    out += '\n';
    label_cell(out, header_label, "IFACE");
    out += "   rxerr/s   txerr/s    coll/s  rxdrop/s  txdrop/s  txcarr/s  rxfram/s  rxfifo/s  txfifo/s\n";
    for (const IfaceCounters &c : b.ifaces) {
        const IfaceCounters &p = before_of(a, c);
        label_cell(out, label, c.name.c_str());
        for (double v : {rate(p.rx_errs, c.rx_errs), rate(p.tx_errs, c.tx_errs), rate(p.tx_colls, c.tx_colls),
                         rate(p.rx_drop, c.rx_drop), rate(p.tx_drop, c.tx_drop), rate(p.tx_carrier, c.tx_carrier),
                         rate(p.rx_frame, c.rx_frame), rate(p.rx_fifo, c.rx_fifo), rate(p.tx_fifo, c.tx_fifo)})
            cell(out, v);
        out += '\n';
    }
    // TCP, ETCP
    for (size_t first : {size_t{0}, size_t{4}}) {
        size_t last = first == 0 ? 4 : std::size(kTcp);
        out += '\n';
        char buf[16];
        std::snprintf(buf, sizeof buf, "%-11s", header_label.c_str());
        out += buf;
        for (size_t i = first; i < last; i++) {
            std::snprintf(buf, sizeof buf, " %9s", kTcp[i].sar);
            out += buf;
        }
        out += '\n';
        std::snprintf(buf, sizeof buf, "%-11s", label.c_str());
        out += buf;
        for (size_t i = first; i < last; i++) cell(out, rate(a.get(kTcp[i].nstat), b.get(kTcp[i].nstat)));
        out += '\n';
    }
}

void stats_json(const CounterSnapshot &a, const CounterSnapshot &b, JsonObject &o) {
    double s = seconds(a, b);
    o.time("start", a.wall.tv_sec, a.wall.tv_nsec).add("interval_ns", b.mono_ns - a.mono_ns);
    std::string ifs = "[";
    char buf[64];
    auto num = [&](const char *key, uint64_t v) {
        ifs += ",\"";
        ifs += key;
        ifs += "\":" + std::to_string(v);
    };
    auto per_s = [&](const char *key, double v) {
        std::snprintf(buf, sizeof buf, ",\"%s\":%.2f", key, v);
        ifs += buf;
    };
    for (const IfaceCounters &c : b.ifaces) {
        const IfaceCounters &p = before_of(a, c);
        if (ifs.size() > 1) ifs += ',';
        ifs += "{\"iface\":";
        json_string(ifs, c.name);
        num("rx_packets", grew(p.rx_packets, c.rx_packets));
        num("tx_packets", grew(p.tx_packets, c.tx_packets));
        num("rx_bytes", grew(p.rx_bytes, c.rx_bytes));
        num("tx_bytes", grew(p.tx_bytes, c.tx_bytes));
        num("rx_errs", grew(p.rx_errs, c.rx_errs));
        num("tx_errs", grew(p.tx_errs, c.tx_errs));
        num("rx_drop", grew(p.rx_drop, c.rx_drop));
        num("tx_drop", grew(p.tx_drop, c.tx_drop));
        double rxb = static_cast<double>(grew(p.rx_bytes, c.rx_bytes)) / s;
        double txb = static_cast<double>(grew(p.tx_bytes, c.tx_bytes)) / s;
        per_s("rxpck/s", static_cast<double>(grew(p.rx_packets, c.rx_packets)) / s);
        per_s("txpck/s", static_cast<double>(grew(p.tx_packets, c.tx_packets)) / s);
        per_s("rxkB/s", rxb / 1024);
        per_s("txkB/s", txb / 1024);
        per_s("rxerr/s", static_cast<double>(grew(p.rx_errs, c.rx_errs)) / s);
        per_s("txerr/s", static_cast<double>(grew(p.tx_errs, c.tx_errs)) / s);
        per_s("rxdrop/s", static_cast<double>(grew(p.rx_drop, c.rx_drop)) / s);
        per_s("txdrop/s", static_cast<double>(grew(p.tx_drop, c.tx_drop)) / s);
        per_s("%ifutil", ifutil(c, rxb, txb));
        ifs += '}';
    }
    ifs += ']';
    o.raw("ifaces", ifs);
    std::string tcp = "{";
    for (const TcpField &f : kTcp) {
        if (tcp.size() > 1) tcp += ',';
        uint64_t d = grew(a.get(f.nstat), b.get(f.nstat));
        std::snprintf(buf, sizeof buf, "\"%s\":%" PRIu64 ",\"%s\":%.2f", f.json, d, f.sar, static_cast<double>(d) / s);
        tcp += buf;
    }
    tcp += '}';
    o.raw("tcp", tcp);
}

void nstat_lines(const CounterSnapshot &a, const CounterSnapshot &b, std::string &out) {
    double s = seconds(a, b);
    out += "#kernel\n";
    for (const auto &[name, v] : b.protocol) {
        uint64_t d = grew(a.get(name), v);
        if (!d) continue;
        char buf[96];
        std::snprintf(buf, sizeof buf, "%-32s%-16" PRIu64 "%6.1f\n", name.c_str(), d, static_cast<double>(d) / s);
        out += buf;
    }
}

NetStats::NetStats(const std::string &netns, int64_t interval_ns) : counters_(netns), interval_ns_(interval_ns) {
    json_buf_.reserve(4096);
}

void NetStats::start() {
    if (!counters_.read(first_)) {
        failed_ = true;
        return;
    }
    prev_ = first_;
    started_ = true;
    next_ns_ = first_.mono_ns + interval_ns_;
}

void NetStats::interval(std::string &text, OutBuf *json) {
    if (json) {
        JsonObject o(json_buf_, "stats");
        stats_json(prev_, cur_, o);
        o.write(*json);
        return;
    }
    if (!text.empty()) text += '\n';
    sar_tables(prev_, cur_, sar_time(prev_.wall), sar_time(cur_.wall), text);
}

bool NetStats::tick(std::string &text, OutBuf *json) {
    if (failed_ || !started_) return false;
    if (!counters_.read(cur_)) {
        failed_ = true;
        return false;
    }
    interval(text, json);
    std::swap(prev_, cur_);
    // the next interval ends a whole interval after this one was due, as sar's do (a late
    // tick does not shift the ones after it)
    next_ns_ += interval_ns_;
    if (next_ns_ <= prev_.mono_ns) next_ns_ = prev_.mono_ns + interval_ns_;
    return true;
}

void NetStats::finish(std::string &text, OutBuf *json) {
    if (failed_ || !started_) return;
    if (!counters_.read(cur_)) {
        failed_ = true;
        return;
    }
    if (interval_ns_ > 0 && cur_.mono_ns - prev_.mono_ns >= interval_ns_ / 10) interval(text, json);
    if (interval_ns_ <= 0) return;
    if (json) {
        JsonObject o(json_buf_, "stats_total");
        stats_json(first_, cur_, o);
        o.write(*json);
    } else {
        if (!text.empty()) text += '\n';
        sar_tables(first_, cur_, "Average:", "Average:", text);
    }
}

void NetStats::summary(std::string &text, OutBuf *json) {
    if (!started_ || failed_) return;
    if (json) {
        JsonObject o(json_buf_, "kernel_counters");
        o.time("start", first_.wall.tv_sec, first_.wall.tv_nsec).add("interval_ns", cur_.mono_ns - first_.mono_ns);
        std::string m = "{";
        for (const auto &[name, v] : cur_.protocol) {
            uint64_t d = grew(first_.get(name), v);
            if (!d) continue;
            if (m.size() > 1) m += ',';
            json_string(m, name);
            m += ':' + std::to_string(d);
        }
        m += '}';
        o.raw("deltas", m).write(*json);
        return;
    }
    nstat_lines(first_, cur_, text);
}

}  // namespace wiretrace
