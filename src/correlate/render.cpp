// What the correlator found, as text and JSON: a packet's owners (the "## " line's groups and
// the pcapng comment), a call's packets (--show-packets, --latency) and --net-summary's rows
// (a table, with ss -ti's line for TCP).
#include "correlate/correlator.h"

#include <netinet/in.h>

#include <cstdio>
#include <cstdlib>
#include <iterator>

#include "output/json_lines.h"

namespace wiretrace {

namespace {
// "+0.000012" (signed: an offset from the call's start), or "0.000012" for a duration
void seconds(std::string &out, int64_t ns, bool sign = true) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%lld.%06lld",
                  ns < 0 ? "-"
                  : sign ? "+"
                         : "",
                  static_cast<long long>(std::llabs(ns) / 1000000000),
                  static_cast<long long>(std::llabs(ns) % 1000000000 / 1000));
    out += buf;
}
}  // namespace

void Attribution::Group::calls_text(std::string &out) const {
    for (size_t i = 0; i < calls.size(); i++) {
        if (i) out += ',';
        out += calls[i].first;
        out += '#';
        out += std::to_string(calls[i].second);
    }
}

void Attribution::text(std::string &out) const {
    for (const Group &g : groups) {
        out += " [pid ";
        out += std::to_string(g.pid);
        out += " fd ";
        out += std::to_string(g.fd);
        if (!g.calls.empty()) {
            out += ' ';
            g.calls_text(out);
        } else if (g.kernel) {
            out += " kernel";
        }
        out += ']';
    }
}

void Attribution::comment(std::string &out) const {
    for (size_t i = 0; i < groups.size(); i++) {
        const Group &g = groups[i];
        if (i) out += "; ";
        out += "pid=" + std::to_string(g.pid);
        if (g.comm) out += " comm=" + *g.comm;
        out += " tid=" + std::to_string(g.tid) + " fd=" + std::to_string(g.fd);
        if (!g.calls.empty()) {
            out += " syscall=";
            g.calls_text(out);
        }
        if (g.calls.empty() && g.kernel) out += " sent_by=kernel";
        out += g.outgoing ? " dir=out" : " dir=in";
    }
}

void CallNote::text(std::string &o, const CorrelatorOptions &opt) const {
    o += name;
    o += '#';
    o += std::to_string(seq);
    o += " [pid " + std::to_string(pid) + " fd " + std::to_string(fd) + "] ";
    if (bytes) o += std::to_string(bytes) + " bytes ";
    o += out ? "out" : "in";
    if (opt.show_packets) {
        o += frames.empty() ? ": no packet seen" : ":";
        for (uint64_t f : frames) o += " #" + std::to_string(f);
    }
    if (opt.latency) {
        if (arrived_before_ns >= 0) {
            o += " (last byte arrived ";
            seconds(o, arrived_before_ns, false);
            o += " s before the return)";
        } else if (wire_first_ns >= 0) {
            o += " (on the wire ";
            seconds(o, wire_first_ns);
            o += " s to ";
            seconds(o, wire_last_ns);
            o += " s after the call began)";
        }
    }
}

void ConnectionRow::header(std::string &out) {
    char buf[512];
    std::snprintf(
        buf, sizeof buf, "%-7s %-15s %4s %-5s %-22s %-22s %9s %6s %10s %10s %10s %10s %7s %7s %6s %8s %-23s %9s %9s\n",
        "pid", "comm", "fd", "proto", "local", "remote", "duration", "calls", "app_out", "app_in", "wire_out",
        "wire_in", "segs_out", "segs_in", "retrans", "warnings", "rtt_ms(min/avg/max)", "connect_ms", "handshake_ms");
    out += "net summary: one row per connection\n";
    out += buf;
}

void ConnectionRow::text(std::string &out) const {
    const auto &t = totals;
    char buf[512];
    double dur = t.last_ns > t.first_ns ? (t.last_ns - t.first_ns) / 1e9 : 0;
    std::string rtt = "-";
    if (t.rtt_n) {
        char r[64];
        std::snprintf(r, sizeof r, "%.3f/%.3f/%.3f", t.rtt_min / 1e6, t.rtt_sum / 1e6 / static_cast<double>(t.rtt_n),
                      t.rtt_max / 1e6);
        rtt = r;
    }
    auto ms = [](int64_t ns) {
        if (ns < 0) return std::string("-");
        char r[32];
        std::snprintf(r, sizeof r, "%.3f", ns / 1e6);
        return std::string(r);
    };
    std::snprintf(buf, sizeof buf,
                  "%-7d %-15.15s %4d %-5s %-22s %-22s %9.6f %6llu %10llu %10llu %10llu %10llu %7llu %7llu %6llu %8llu "
                  "%-23s %9s %9s\n",
                  pid, comm.c_str(), fd, proto, local.c_str(), remote.c_str(), dur,
                  static_cast<unsigned long long>(t.calls), static_cast<unsigned long long>(t.app_out),
                  static_cast<unsigned long long>(t.app_in), static_cast<unsigned long long>(t.wire_out),
                  static_cast<unsigned long long>(t.wire_in), static_cast<unsigned long long>(t.segs_out),
                  static_cast<unsigned long long>(t.segs_in), static_cast<unsigned long long>(t.retrans),
                  static_cast<unsigned long long>(t.warnings), rtt.c_str(), ms(t.connect_ns).c_str(),
                  ms(t.handshake_ns).c_str());
    out += buf;
    if (kernel.valid) {
        out += "        kernel: ";
        kernel_text(kernel, out);
        out += '\n';
    }
}

const char *tcp_state_name(unsigned state) {
    // ss's names, by the kernel's TCP_* numbers
    static const char *const names[] = {"UNKNOWN",    "ESTAB",     "SYN-SENT",    "SYN-RECV",   "FIN-WAIT-1",
                                        "FIN-WAIT-2", "TIME-WAIT", "UNCONN",      "CLOSE-WAIT", "LAST-ACK",
                                        "LISTEN",     "CLOSING",   "NEW-SYN-RECV"};
    return state < std::size(names) ? names[state] : "UNKNOWN";
}

void kernel_text(const Socket::KernelView &k, std::string &out) {
    char buf[640];
    // rates as ss prints them: bits per second, scaled
    auto bw = [](uint64_t bytes_per_s) {
        double bps = static_cast<double>(bytes_per_s) * 8;
        char r[32];
        if (bps >= 1e9)
            std::snprintf(r, sizeof r, "%.1fGbps", bps / 1e9);
        else if (bps >= 1e6)
            std::snprintf(r, sizeof r, "%.1fMbps", bps / 1e6);
        else if (bps >= 1e3)
            std::snprintf(r, sizeof r, "%.1fKbps", bps / 1e3);
        else
            std::snprintf(r, sizeof r, "%.0fbps", bps);
        return std::string(r);
    };
    int n = std::snprintf(buf, sizeof buf, "%s rtt:%g/%g minrtt:%g mss:%u pmtu:%u rcvmss:%u cwnd:%u",
                          tcp_state_name(k.state), k.rtt_us / 1000.0, k.rttvar_us / 1000.0, k.min_rtt_us / 1000.0,
                          k.snd_mss, k.pmtu, k.rcv_mss, k.snd_cwnd);
    out.append(buf, static_cast<size_t>(n));
    if (k.snd_ssthresh < 0xffff) out += " ssthresh:" + std::to_string(k.snd_ssthresh);
    n = std::snprintf(buf, sizeof buf,
                      " bytes_sent:%llu bytes_retrans:%llu bytes_acked:%llu bytes_received:%llu segs_out:%u segs_in:%u "
                      "data_segs_out:%u data_segs_in:%u delivery_rate %s retrans:%u/%u lost:%u unacked:%u",
                      static_cast<unsigned long long>(k.bytes_sent), static_cast<unsigned long long>(k.bytes_retrans),
                      static_cast<unsigned long long>(k.bytes_acked), static_cast<unsigned long long>(k.bytes_received),
                      k.segs_out, k.segs_in, k.data_segs_out, k.data_segs_in, bw(k.delivery_rate).c_str(), k.retrans,
                      k.total_retrans, k.lost, k.unacked);
    out.append(buf, static_cast<size_t>(n));
}

void ConnectionRow::json(JsonObject &o) const {
    const auto &t = totals;
    o.add("pid", pid).add("comm", comm).add("fd", fd).add("proto", proto);
    o.add("local", local).add("remote", remote).add("first_ns", t.first_ns).add("last_ns", t.last_ns);
    o.add("calls", t.calls).add("app_out", t.app_out).add("app_in", t.app_in).add("wire_out", t.wire_out);
    o.add("wire_in", t.wire_in).add("segs_out", t.segs_out).add("segs_in", t.segs_in);
    o.add("retrans", t.retrans).add("warnings", t.warnings);
    if (t.rtt_n)
        o.add("rtt_min_ns", t.rtt_min)
            .add("rtt_avg_ns", t.rtt_sum / static_cast<int64_t>(t.rtt_n))
            .add("rtt_max_ns", t.rtt_max);
    if (t.connect_ns >= 0) o.add("connect_ns", t.connect_ns);
    if (t.handshake_ns >= 0) o.add("handshake_ns", t.handshake_ns);
    if (kernel.valid) {
        const auto &k = kernel;
        std::string ti = "{\"state\":";
        json_string(ti, tcp_state_name(k.state));
        auto num = [&](const char *key, uint64_t v) { ti += std::string(",\"") + key + "\":" + std::to_string(v); };
        num("rtt_us", k.rtt_us);
        num("rttvar_us", k.rttvar_us);
        num("min_rtt_us", k.min_rtt_us);
        num("snd_cwnd", k.snd_cwnd);
        num("snd_ssthresh", k.snd_ssthresh);
        num("snd_mss", k.snd_mss);
        num("rcv_mss", k.rcv_mss);
        num("pmtu", k.pmtu);
        num("retrans", k.retrans);
        num("total_retrans", k.total_retrans);
        num("lost", k.lost);
        num("unacked", k.unacked);
        num("delivery_rate", k.delivery_rate);
        num("pacing_rate", k.pacing_rate);
        num("bytes_sent", k.bytes_sent);
        num("bytes_retrans", k.bytes_retrans);
        num("bytes_acked", k.bytes_acked);
        num("bytes_received", k.bytes_received);
        num("segs_out", k.segs_out);
        num("segs_in", k.segs_in);
        num("data_segs_out", k.data_segs_out);
        num("data_segs_in", k.data_segs_in);
        o.raw("tcp_info", ti + "}");
    }
}

}  // namespace wiretrace
