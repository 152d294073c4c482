// The network views (--stats, --net-summary's kernel side, --top) against the kernel and the
// classic tools: each runs in a network namespace of its own, so the only traffic its counters
// see is the traced program's, and the numbers must be equal, not close.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "run_helper.h"
#include "views/net_counters.h"
#include "views/net_stats.h"
#include "views/top_screen.h"
#include "views/traffic.h"

using namespace wiretrace;

namespace {
struct TempDir {
    std::string path;
    TempDir() {
        char t[] = "/tmp/wt-views.XXXXXX";
        path = mkdtemp(t);
    }
    ~TempDir() { (void)!system(("rm -rf " + path).c_str()); }
};

bool have_netns() {
    return geteuid() == 0 && run_cmd({"/usr/bin/unshare", "-n", "/bin/true"}).code() == 0;
}

// Every `"key":number` of one JSON line, with the key prefixed by the enclosing member names
// that matter here ("lo.rx_packets", "tcp.active_opens", "deltas.TcpActiveOpens").
uint64_t json_num(const std::string &line, const std::string &key) {
    std::smatch m;
    std::regex re("\"" + key + "\":([0-9]+)");
    return std::regex_search(line, m, re) ? std::stoull(m[1]) : ~0ull;
}

std::vector<std::string> json_lines(const std::string &text, const std::string &type) {
    std::vector<std::string> out;
    for (const auto &l : lines_of(text))
        if (l.find("\"type\":\"" + type + "\"") != std::string::npos) out.push_back(l);
    return out;
}

// `ip -s -j link show lo`'s stats64 numbers: "rx.packets" -> N
std::map<std::string, uint64_t> ip_link_stats(const std::string &json) {
    std::map<std::string, uint64_t> out;
    for (const char *dir : {"rx", "tx"}) {
        std::smatch m;
        std::regex re(std::string("\"") + dir +
                      "\":\\{\"bytes\":([0-9]+),\"packets\":([0-9]+),\"errors\":([0-9]+),"
                      "\"dropped\":([0-9]+)");
        if (std::regex_search(json, m, re)) {
            out[std::string(dir) + ".bytes"] = std::stoull(m[1]);
            out[std::string(dir) + ".packets"] = std::stoull(m[2]);
            out[std::string(dir) + ".errors"] = std::stoull(m[3]);
            out[std::string(dir) + ".dropped"] = std::stoull(m[4]);
        }
    }
    return out;
}

// `nstat -as`'s absolute counters: name -> value
std::map<std::string, uint64_t> nstat_abs(const std::string &text) {
    std::map<std::string, uint64_t> out;
    std::regex re(R"(^(\w+)\s+([0-9]+)\s)");
    for (const auto &l : lines_of(text)) {
        std::smatch m;
        if (std::regex_search(l, m, re)) out[m[1]] = std::stoull(m[2]);
    }
    return out;
}

// "key:value" fields of ss -ti's (and wiretrace's kernel line's) spelling
std::map<std::string, std::string> ss_fields(const std::string &text) {
    std::map<std::string, std::string> out;
    std::regex re(R"(([a-z_]+):([0-9./]+))");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        out[(*it)[1]] = (*it)[2];
    return out;
}
}  // namespace

TEST(NetCounters, ParsesProcFiles) {
    std::vector<IfaceCounters> ifs;
    NetCounters::parse_dev(
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls "
        "carrier compressed\n"
        "    lo: 1000 10 1 2 3 4 5 6 2000 20 7 8 9 10 11 12\n"
        "veth0:5 1 0 0 0 0 0 0 6 1 0 0 0 0 0 0\n",
        ifs);
    ASSERT_EQ(ifs.size(), 2u);
    EXPECT_EQ(ifs[0].name, "lo");
    EXPECT_EQ(ifs[0].rx_bytes, 1000u);
    EXPECT_EQ(ifs[0].rx_multicast, 6u);
    EXPECT_EQ(ifs[0].tx_packets, 20u);
    EXPECT_EQ(ifs[0].tx_compressed, 12u);
    EXPECT_EQ(ifs[1].name, "veth0");
    EXPECT_EQ(ifs[1].tx_bytes, 6u);
    std::vector<std::pair<std::string, uint64_t>> p;
    NetCounters::parse_protocol("Tcp: RtoAlgorithm MaxConn ActiveOpens\nTcp: 1 -1 42\nIp6InReceives   7\n", p);
    ASSERT_EQ(p.size(), 4u);
    EXPECT_EQ(p[2].first, "TcpActiveOpens");
    EXPECT_EQ(p[2].second, 42u);
    EXPECT_EQ(p[3].first, "Ip6InReceives");
    EXPECT_EQ(p[3].second, 7u);
}

TEST(NetCounters, SarLayout) {
    CounterSnapshot a, b;
    a.mono_ns = 0;
    b.mono_ns = 2'000'000'000;
    IfaceCounters i;
    i.name = "lo";
    a.ifaces.push_back(i);
    i.rx_packets = 10;
    i.tx_packets = 4;
    i.rx_bytes = 2048;
    i.rx_drop = 2;
    b.ifaces.push_back(i);
    a.protocol = {{"TcpActiveOpens", 1}, {"TcpRetransSegs", 0}};
    b.protocol = {{"TcpActiveOpens", 3}, {"TcpRetransSegs", 5}};
    std::string out;
    sar_tables(a, b, "10:00:00", "10:00:02", out);
    // sar -n DEV,EDEV,TCP,ETCP's columns, widths and names
    EXPECT_NE(
        out.find("10:00:00        IFACE   rxpck/s   txpck/s    rxkB/s    txkB/s   rxcmp/s   txcmp/s  rxmcst/s  "
                 " %ifutil\n10:00:02           lo      5.00      2.00      1.00      0.00      0.00      0.00     "
                 " 0.00      0.00\n"),
        std::string::npos)
        << out;
    EXPECT_NE(out.find("10:00:02           lo      0.00      0.00      0.00      1.00      0.00"), std::string::npos)
        << out;
    EXPECT_NE(
        out.find("10:00:00     active/s passive/s    iseg/s    oseg/s\n10:00:02         1.00      0.00      0.00"),
        std::string::npos)
        << out;
    EXPECT_NE(out.find("10:00:02         0.00      0.00      2.50      0.00      0.00\n"), std::string::npos) << out;
    std::string n;
    nstat_lines(a, b, n);
    EXPECT_EQ(n,
              "#kernel\nTcpActiveOpens                  2                  1.0\n"
              "TcpRetransSegs                  5                  2.5\n");
}

// --stats: the intervals add up to exactly what `ip -s link` counted on lo over the run, and
// --net-summary's counter deltas to what `nstat -a` counted.
TEST(NetViews, StatsEqualKernelCounters) {
    if (!have_netns()) GTEST_SKIP() << "needs a network namespace (root and unshare)";
    if (access("/usr/sbin/nstat", X_OK) != 0 && access("/usr/bin/nstat", X_OK) != 0) GTEST_SKIP() << "needs nstat";
    TempDir d;
    std::string script = "set -e; ip link set lo up; ip -s -j link show lo > " + d.path + "/ip0; nstat -as > " +
                         d.path + "/ns0; " + wiretrace_bin() + " -f -e trace=none --json -o " + d.path +
                         "/out --stats=0.2 --net-summary -- " + prog("conn_load") +
                         " 18080 200 2 >/dev/null; ip -s -j link show lo > " + d.path + "/ip1; nstat -as > " + d.path +
                         "/ns1";
    auto r = run_cmd({"/usr/bin/unshare", "-n", "sh", "-c", script}, 120);
    ASSERT_EQ(r.code(), 0) << r.err << r.out;
    std::string out = read_file(d.path + "/out");
    auto ip0 = ip_link_stats(read_file(d.path + "/ip0")), ip1 = ip_link_stats(read_file(d.path + "/ip1"));
    ASSERT_FALSE(ip0.empty());
    auto intervals = json_lines(out, "stats");
    auto total = json_lines(out, "stats_total");
    ASSERT_GE(intervals.size(), 1u) << out;
    ASSERT_EQ(total.size(), 1u);
    for (const char *k : {"rx_packets", "tx_packets", "rx_bytes", "tx_bytes"}) {
        std::string key = std::string(k[0] == 'r' ? "rx." : "tx.") +
                          (std::string(k).find("packets") != std::string::npos ? "packets" : "bytes");
        uint64_t sum = 0;
        for (const auto &l : intervals) sum += json_num(l, k);
        EXPECT_EQ(sum, ip1[key] - ip0[key]) << k;
        EXPECT_EQ(json_num(total[0], k), ip1[key] - ip0[key]) << k;
    }
    EXPECT_GT(ip1["rx.packets"] - ip0["rx.packets"], 100u);  // the load did run
    auto n0 = nstat_abs(read_file(d.path + "/ns0")), n1 = nstat_abs(read_file(d.path + "/ns1"));
    auto kc = json_lines(out, "kernel_counters");
    ASSERT_EQ(kc.size(), 1u);
    for (const char *k : {"TcpActiveOpens", "TcpPassiveOpens", "TcpInSegs", "TcpOutSegs", "IpInReceives"}) {
        EXPECT_EQ(json_num(kc[0], k), n1[k] - n0[k]) << k;
        EXPECT_GT(n1[k] - n0[k], 0u) << k;
    }
    // sar's TCP fields are the same counters
    EXPECT_EQ(json_num(total[0], "active_opens"), n1["TcpActiveOpens"] - n0["TcpActiveOpens"]);
    EXPECT_EQ(json_num(total[0], "out_segs"), n1["TcpOutSegs"] - n0["TcpOutSegs"]);
}

// --net-summary's kernel line is the kernel's tcp_info of the connection, as `ss -tin` shows
// it for the same (idle) socket just before it is closed.
TEST(NetViews, TcpInfoEqualsSs) {
    if (!have_netns()) GTEST_SKIP() << "needs a network namespace (root and unshare)";
    TempDir d;
    std::string ready = d.path + "/ready", go = d.path + "/go";
    std::string script = "ip link set lo up; " + wiretrace_bin() + " -e trace=none -qq --net-summary -o " + d.path +
                         "/out -- " + prog("tcp_idle") + " " + ready + " " + go + " & i=0; while [ ! -s " + ready +
                         " ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i+1)); done; "
                         "ss -tinH state established > " +
                         d.path + "/ss; touch " + go + "; wait";
    auto r = run_cmd({"/usr/bin/unshare", "-n", "sh", "-c", script}, 60);
    ASSERT_EQ(r.code(), 0) << r.err;
    std::string port = read_file(ready);
    port.erase(port.find_last_not_of("\n") + 1);
    ASSERT_FALSE(port.empty());
    // ss: the client's socket, local address 127.0.0.1:PORT (its line, then its info line)
    std::string ss = read_file(d.path + "/ss"), ss_info;
    auto sl = lines_of(ss);
    for (size_t i = 0; i < sl.size(); i++) {
        std::smatch m;
        if (std::regex_search(sl[i], m, std::regex(R"(^[^:]*?127\.0\.0\.1:(\d+)\s)")) && m[1] == port) {
            ss_info = sl[i];
            if (i + 1 < sl.size()) ss_info += sl[i + 1];
        }
    }
    ASSERT_FALSE(ss_info.empty()) << ss;
    std::string out = read_file(d.path + "/out"), mine;
    auto ol = lines_of(out);
    for (size_t i = 0; i + 1 < ol.size(); i++)
        if (std::regex_search(ol[i], std::regex(" TCP +127\\.0\\.0\\.1:" + port + " ")) &&  // its local end
            ol[i + 1].find("kernel: ") != std::string::npos)
            mine = ol[i + 1];
    ASSERT_FALSE(mine.empty()) << out;
    EXPECT_NE(mine.find("kernel: ESTAB "), std::string::npos) << mine;
    auto a = ss_fields(ss_info), b = ss_fields(mine);
    for (const char *k : {"rtt", "minrtt", "mss", "pmtu", "rcvmss", "cwnd", "bytes_sent", "bytes_acked",
                          "bytes_received", "segs_out", "segs_in", "data_segs_out", "data_segs_in"}) {
        ASSERT_TRUE(a.count(k)) << k << " not in ss: " << ss_info;
        EXPECT_EQ(b[k], a[k]) << k << "\nss:   " << ss_info << "\nmine: " << mine;
    }
}

TEST(Traffic, RatesOverTheirWindows) {
    RateRing r;
    for (int i = 0; i < 8; i++) {
        r.add(1000);
        r.roll(1'000'000'000);
    }
    r.add(5000);
    r.roll(500'000'000);  // a short bucket: half a second
    EXPECT_DOUBLE_EQ(r.rate(2), 6000 / 1.5);
    EXPECT_DOUBLE_EQ(r.rate(10), 13000 / 8.5);  // only 9 buckets so far
    EXPECT_DOUBLE_EQ(r.peak(), 10000);
    // a connection born in the sixth second of the view: its 10 s column spreads its bytes
    // over the six seconds the view has seen, as iftop's
    RateRing clock, born;
    for (int i = 0; i < 5; i++) clock.roll(1'000'000'000);
    clock.roll(1'000'000'000);
    born.add(600);
    born.roll(1'000'000'000);
    EXPECT_DOUBLE_EQ(born.rate(10, clock), 100);
    EXPECT_DOUBLE_EQ(born.rate(2, clock), 300);
    EXPECT_EQ(iftop_rate(1e6), "8.00Mb");
    EXPECT_EQ(iftop_rate(100), "800b");
    EXPECT_EQ(iftop_rate(125), "1.00Kb");
    EXPECT_EQ(iftop_rate(1250), "10.0Kb");
    EXPECT_EQ(byte_count(3 * 1024 * 1024 + 512 * 1024), "3.50MB");
}

TEST(Traffic, ViewsSortAndFilter) {
    TopModel m;
    m.title = "t";
    auto add = [&](pid_t pid, const char *comm, double r10, uint32_t retrans) {
        TopConnection &c = m.connections.emplace_back();
        c.pid = pid;
        c.comm = comm;
        c.fd = 3;
        c.local = "127.0.0.1:" + std::to_string(1000 + pid);
        c.remote = "127.0.0.1:80";
        c.state = "ESTABLISHED";
        c.out.r10 = r10;
        c.out.r2 = 1000 - r10;
        c.retrans = retrans;
    };
    add(1, "slow", 10, 0);
    add(2, "fast", 500, 0);
    add(3, "flaky", 100, 7);
    TopViewState st;
    std::vector<ScreenLine> out;
    auto order = [&]() {
        out.clear();
        render_view(m, st, 0, out);
        std::string o;
        for (const auto &l : out)
            for (const char *n : {"slow", "fast", "flaky"})
                if (l.text.find(n) != std::string::npos) o += std::string(n) + " ";
        return o;
    };
    EXPECT_EQ(order(), "fast flaky slow ");  // 10 s rate, the default
    st.sort = TopSort::Rate2;
    EXPECT_EQ(order(), "slow flaky fast ");
    st.sort = TopSort::Warnings;
    EXPECT_EQ(order(), "flaky slow fast ");  // then by total (all 0: kept in order)
    st.filter = "fla";
    EXPECT_EQ(order(), "flaky ");
    st.filter.clear();
    out.clear();
    render_view(m, st, 0, out);
    bool trouble = false;
    for (const auto &l : out) trouble |= l.text.find("flaky") != std::string::npos && l.attr == ScreenLine::Trouble;
    EXPECT_TRUE(trouble);
    out.clear();
    render_view(m, st, 60, out);
    for (const auto &l : out) EXPECT_LE(l.text.size(), 60u);
}

namespace {
// The last plain-text screen's block that starts with `header_start` ("PID     COMM           FD").
std::vector<std::string> last_block(const std::string &text, const std::string &header_start) {
    std::vector<std::string> block;
    bool in = false;
    for (const auto &l : lines_of(text)) {
        if (l.rfind(header_start, 0) == 0) {
            block.clear();
            in = true;
            continue;
        }
        if (l.empty()) in = false;
        if (in) block.push_back(l);
    }
    return block;
}

std::vector<std::string> words(const std::string &l) {
    std::vector<std::string> w;
    std::istringstream is(l);
    for (std::string x; is >> x;) w.push_back(x);
    return w;
}

// "8.05Mb" -> bits per second
double bits(const std::string &s) {
    double v = std::strtod(s.c_str(), nullptr);
    if (s.find("Gb") != std::string::npos) return v * 1e9;
    if (s.find("Mb") != std::string::npos) return v * 1e6;
    if (s.find("Kb") != std::string::npos) return v * 1e3;
    return v;
}
}  // namespace

// Plain-text --top (stdout not a terminal): the connections of both ends with their pids,
// every short-lived process, and lo's counters equal to what `ip -s link` counted.
TEST(TopView, PlainScreensMatchTheKernel) {
    if (!have_netns()) GTEST_SKIP() << "needs a network namespace (root and unshare)";
    TempDir d;
    std::string script = "set -e; ip link set lo up; ip -s -j link show lo > " + d.path + "/ip0; " + wiretrace_bin() +
                         " --top -f -- sh -c '" + prog("conn_load") + " 18081 20 1 >/dev/null; sleep 1.2' > " + d.path +
                         "/out; ip -s -j link show lo > " + d.path + "/ip1";
    auto r = run_cmd({"/usr/bin/unshare", "-n", "sh", "-c", script}, 60);
    ASSERT_EQ(r.code(), 0) << r.err;
    std::string out = read_file(d.path + "/out");
    EXPECT_NE(out.find("[ended: q leaves]"), std::string::npos);
    auto conns = last_block(out, "PID     COMM           FD PROTO");
    // every connection at both ends: the client's side (remote :18081) once per connection, the
    // server's side (local :18081) for each of the same ports. (A handshake that reaches the
    // listener before accept() may show under the client process too: it created the listening
    // socket before forking the server, and the listener's packets belong to its last user.)
    int client = 0;
    std::set<std::string> client_ports, server_ports;
    for (const auto &l : conns) {
        auto w = words(l);
        if (w.size() <= 6 || w[1] != "conn_load" || w[3] != "TCP") continue;
        if (w[6] == "127.0.0.1:18081") {
            client++;
            client_ports.insert(w[4]);
        } else if (w[4] == "127.0.0.1:18081") {
            server_ports.insert(w[6]);
        }
    }
    EXPECT_EQ(client, 21) << out;  // 20 exchanges and the bulk connection
    EXPECT_EQ(server_ports, client_ports) << out;
    auto procs = last_block(out, "PID     COMM             CONNS");
    ASSERT_EQ(procs.size(), 2u) << out;  // the client and the forked server
    for (const auto &l : procs) {
        auto w = words(l);
        EXPECT_EQ(w[1], "conn_load");
        EXPECT_GE(std::stoi(w[2]), 21);
        EXPECT_EQ(w.back(), "exited");
    }
    auto ifs = last_block(out, "IFACE ");
    ASSERT_EQ(ifs.size(), 1u) << out;
    auto w = words(ifs[0]);
    ASSERT_EQ(w.size(), 15u);
    auto ip0 = ip_link_stats(read_file(d.path + "/ip0")), ip1 = ip_link_stats(read_file(d.path + "/ip1"));
    EXPECT_EQ(std::stoull(w[9]), ip1["rx.packets"] - ip0["rx.packets"]);   // RX-OK
    EXPECT_EQ(std::stoull(w[12]), ip1["tx.packets"] - ip0["tx.packets"]);  // TX-OK
}

// A paced transfer of known rate between two namespaces shows within 5% of it in the 10 s
// column, for its connection and for its process, and within 5% of what iftop shows for it.
TEST(TopView, PacedRateWithinFivePercent) {
    if (geteuid() != 0 || access("/usr/bin/iperf3", X_OK) != 0) GTEST_SKIP() << "needs root and iperf3";
    std::string na = "wt-top-a" + std::to_string(getpid()), nb = "wt-top-b" + std::to_string(getpid());
    if (!make_veth_pair(na, nb, "wtta", "wttb")) {
        delete_netns({na, nb});
        GTEST_SKIP() << "no veth pair here";
    }
    TempDir d;
    // iftop watches the same transfer from the same namespace, as the oracle
    bool oracles = access("/usr/sbin/iftop", X_OK) == 0;
    std::string watch =
        oracles ? "(ip netns exec " + na + " iftop -i wtta -t -s 11 -n -N -P -B > " + d.path + "/iftop 2>/dev/null &); "
                : "";
    std::string script = "ip netns exec " + nb + " iperf3 -s -1 -D --logfile " + d.path +
                         "/server.log && sleep 0.5 && " + watch + "ip netns exec " + na + " " + wiretrace_bin() +
                         " --top -f -- iperf3 -c 10.77.0.2 -b 8M -t 12 > " + d.path + "/out; sleep 1";
    auto r = run_cmd({"/bin/sh", "-c", script}, 60);
    delete_netns({na, nb});
    ASSERT_EQ(r.code(), 0) << r.err;
    std::string out = read_file(d.path + "/out");
    // the last screen before the end: the data connection is the one that moved the most
    std::vector<std::string> before_end;
    std::string text = out.substr(0, out.rfind("[ended"));
    auto conns = last_block(text, "PID     COMM           FD PROTO");
    double best = 0;
    for (const auto &l : conns) {
        auto w = words(l);
        if (w.size() > 10 && w[1] == "iperf3" && w[6].find(":5201") != std::string::npos)
            best = std::max(best, bits(w[9]));
    }
    EXPECT_NEAR(best, 8e6, 0.05 * 8e6) << out;
    auto procs = last_block(text, "PID     COMM             CONNS");
    ASSERT_FALSE(procs.empty()) << out;
    auto w = words(procs[0]);
    double proc10 = bits(w[4]);
    EXPECT_NEAR(proc10, 8e6, 0.05 * 8e6) << procs[0];  // SENT 10s
    if (!oracles) return;
    // iftop's 10 s column for the pair (-B: bytes per second, K = 1024)
    double iftop = -1;
    for (const auto &l : lines_of(read_file(d.path + "/iftop"))) {
        auto f = words(l);
        if (f.size() == 7 && f[1].find(":5201") == std::string::npos && f[2] == "=>") {  // the busiest pair
            double v = std::strtod(f[4].c_str(), nullptr);
            iftop = std::max(iftop, f[4].find("MB") != std::string::npos   ? v * 1024 * 1024 * 8
                                    : f[4].find("KB") != std::string::npos ? v * 1024 * 8
                                                                           : v * 8);
        }
    }
    ASSERT_GT(iftop, 0) << read_file(d.path + "/iftop");
    EXPECT_NEAR(best, iftop, 0.05 * iftop) << "iftop:\n" << read_file(d.path + "/iftop");
    // (nethogs is no oracle here: its trace mode's per-second "sent" settles 15-25% under a
    // paced 8 Mbit/s stream that iftop, iperf3 and the interface counters agree on)
}

namespace {
// "4.00MB" -> bytes
double bytes_of(const std::string &s) {
    double v = std::strtod(s.c_str(), nullptr);
    if (s.find("GB") != std::string::npos) return v * 1024 * 1024 * 1024;
    if (s.find("MB") != std::string::npos) return v * 1024 * 1024;
    if (s.find("KB") != std::string::npos) return v * 1024;
    return v;
}

// A tmux session of its own (a server socket per test, so nothing else is disturbed).
struct Tmux {
    std::string sock;
    explicit Tmux(const std::string &name) : sock("/tmp/wt-tmux-" + name + std::to_string(getpid())) {}
    ~Tmux() { run({"kill-server"}); }
    RunResult run(std::vector<std::string> args) const {
        args.insert(args.begin(), {"/usr/bin/tmux", "-S", sock});
        return run_cmd(args, 20);
    }
    std::string screen() const { return run({"capture-pane", "-p", "-t", "t"}).out; }
    void keys(const std::string &k) const { run({"send-keys", "-t", "t", k}); }
    // waits up to 10 s for `text` on the screen
    bool wait_for(const std::string &text) const {
        for (int i = 0; i < 200; i++) {
            if (screen().find(text) != std::string::npos) return true;
            usleep(50000);
        }
        return false;
    }
};
}  // namespace

// --top as a person sees it: rows on the screen, the sort and view keys, the filter, help, a
// resize, and a sane terminal after q and after Ctrl-C.
TEST(TopView, InteractiveInTmux) {
    if (!have_netns() || access("/usr/bin/tmux", X_OK) != 0) GTEST_SKIP() << "needs tmux and a network namespace";
    Tmux t("top");
    // the command: steady traffic for a while, then it waits
    // (the outer shell survives Ctrl-C as an interactive one would, to say how it ended)
    std::string cmd = "trap : INT; unshare -n sh -c 'ip link set lo up; " + wiretrace_bin() + " --top -f -- sh -c \"" +
                      prog("conn_load") + " 18082 400 4 >/dev/null; sleep 60\"'; echo WT-EXIT=$?; stty -a; sleep 60";
    ASSERT_EQ(t.run({"new-session", "-d", "-s", "t", "-x", "200", "-y", "50", cmd}).code(), 0);
    ASSERT_TRUE(t.wait_for("conn_load")) << t.screen();
    std::string s = t.screen();
    EXPECT_NE(s.find("view: connections  sort: 10s"), std::string::npos) << s;
    EXPECT_NE(s.find("PID     COMM           FD PROTO LOCAL"), std::string::npos) << s;
    EXPECT_NE(s.find("127.0.0.1:18082"), std::string::npos) << s;
    t.keys("p");
    ASSERT_TRUE(t.wait_for("view: processes")) << t.screen();
    EXPECT_NE(t.screen().find("PID     COMM             CONNS"), std::string::npos);
    t.keys("3");
    ASSERT_TRUE(t.wait_for("sort: 40s")) << t.screen();
    // by total: the first connection row moved the most of those on the screen
    t.keys("c");
    t.keys("t");
    ASSERT_TRUE(t.wait_for("sort: total")) << t.screen();
    usleep(300000);
    s = t.screen();
    std::vector<double> totals;  // each connection's bytes both ways: its "=>" and "<=" lines
    auto sl = lines_of(s);
    for (size_t i = 0; i + 1 < sl.size(); i++) {
        auto w = words(sl[i]), back = words(sl[i + 1]);
        if (w.size() > 12 && w[5] == "=>" && std::isdigit(static_cast<unsigned char>(w[0][0])) && back.size() >= 5 &&
            back[0] == "<=")
            totals.push_back(bytes_of(w[11]) + bytes_of(back[4]));
    }
    ASSERT_GE(totals.size(), 2u) << s;
    EXPECT_EQ(*std::max_element(totals.begin(), totals.end()), totals[0]) << s;
    EXPECT_GE(totals[0], 1e5) << s;  // the bulk transfer's connection (cut short by its server's kill)
    t.keys("i");
    ASSERT_TRUE(t.wait_for("view: interfaces")) << t.screen();
    EXPECT_NE(t.screen().find("\nlo "), std::string::npos) << t.screen();
    t.keys("c");
    t.keys("/");
    t.keys("nomatch");
    t.keys("Enter");
    ASSERT_TRUE(t.wait_for("filter: nomatch")) << t.screen();
    EXPECT_EQ(t.screen().find("127.0.0.1:18082"), std::string::npos) << t.screen();
    t.keys("Escape");
    t.keys("/");
    t.keys("Escape");
    t.keys("h");
    ASSERT_TRUE(t.wait_for("Keys:")) << t.screen();
    t.keys("x");
    ASSERT_TRUE(t.wait_for("view: connections")) << t.screen();
    // a narrower window: the screen follows it
    t.run({"resize-window", "-t", "t", "-x", "90", "-y", "30"});
    ASSERT_TRUE(t.wait_for("PID     COMM")) << t.screen();
    usleep(1500000);
    for (const auto &l : lines_of(t.screen())) EXPECT_LE(l.size(), 90u) << l;
    t.keys("q");
    ASSERT_TRUE(t.wait_for("WT-EXIT=")) << t.screen();
    s = t.screen();
    EXPECT_NE(s.find(" icanon "), std::string::npos) << s;  // the terminal as it was: cooked, echoing
    EXPECT_NE(s.find(" echo "), std::string::npos) << s;
    EXPECT_EQ(s.find("-icanon"), std::string::npos) << s;

    // Ctrl-C
    Tmux t2("top2");
    ASSERT_EQ(t2.run({"new-session", "-d", "-s", "t", "-x", "160", "-y", "40", cmd}).code(), 0);
    ASSERT_TRUE(t2.wait_for("conn_load")) << t2.screen();
    t2.keys("C-c");
    ASSERT_TRUE(t2.wait_for("WT-EXIT=")) << t2.screen();
    s = t2.screen();
    EXPECT_NE(s.find(" icanon "), std::string::npos) << s;
    EXPECT_EQ(s.find("-echo "), std::string::npos) << s;
}

// wiredump --top -i lo: the interface's connections (no processes) and counters, plain text
// when stdout is not a terminal; Ctrl-C ends it with tcpdump's closing counts.
TEST(TopView, WiredumpTopOnAnInterface) {
    if (!have_netns()) GTEST_SKIP() << "needs a network namespace (root and unshare)";
    TempDir d;
    std::string script = "ip link set lo up; " + build_dir() + "/wiredump --top -i lo > " + d.path + "/out 2> " +
                         d.path + "/err & sleep 0.5; " + prog("conn_load") +
                         " 18083 5 1 >/dev/null; sleep 1.5; kill -INT $!; wait $!";
    auto r = run_cmd({"/usr/bin/unshare", "-n", "sh", "-c", script}, 60);
    ASSERT_EQ(r.code(), 0) << r.err;
    std::string out = read_file(d.path + "/out"), err = read_file(d.path + "/err");
    EXPECT_NE(out.find("wiredump --top -i lo"), std::string::npos) << out;
    auto conns = last_block(out, "PROTO LOCAL");
    int n = 0;
    for (const auto &l : conns)
        if (l.rfind("TCP ", 0) == 0 && l.find("127.0.0.1:18083") != std::string::npos) n++;
    EXPECT_EQ(n, 6) << out;
    EXPECT_EQ(out.find("CONNS"), std::string::npos);  // no processes view
    EXPECT_NE(out.find("\nlo "), std::string::npos) << out;
    EXPECT_NE(err.find("packets received by filter"), std::string::npos) << err;
}

namespace {
// sar's "Average:" row of a table whose header has `column`: the value under it for `row`
// ("lo", or "" for the TCP tables' one row); -1 when absent.
double sar_average(const std::string &text, const std::string &column, const std::string &row) {
    std::vector<std::string> header;
    for (const auto &l : lines_of(text)) {
        auto w = words(l);
        if (w.empty() || w[0] != "Average:") continue;
        if (std::find(w.begin(), w.end(), column) != w.end()) {
            header = w;
            continue;
        }
        if (header.empty() || w.size() != header.size()) continue;
        if (!row.empty() && w[1] != row) continue;
        size_t i = std::find(header.begin(), header.end(), column) - header.begin();
        return std::strtod(w[i].c_str(), nullptr);
    }
    return -1;
}
}  // namespace

// --stats beside sar itself, on the same steady load over the same seconds: sar's own
// averages and wiretrace's agree (the windows start within milliseconds of each other).
TEST(NetViews, StatsBesideSar) {
    if (!have_netns() || access("/usr/bin/sar", X_OK) != 0 || access("/usr/bin/iperf3", X_OK) != 0)
        GTEST_SKIP() << "needs sar (sysstat), iperf3 and a network namespace";
    TempDir d;
    std::string script =
        "ip link set lo up; iperf3 -s -1 -p 18084 -D; sleep 0.3; iperf3 -c 127.0.0.1 -p 18084 -b 4M "
        "-l 1000 -t 6 >/dev/null & sleep 1; LC_ALL=C sar -n DEV,TCP,ETCP 1 3 > " +
        d.path + "/sar & " + wiretrace_bin() + " -e trace=none --stats=1 -o " + d.path + "/wt -- sleep 3; wait";
    auto r = run_cmd({"/usr/bin/unshare", "-n", "sh", "-c", script}, 60);
    ASSERT_EQ(r.code(), 0) << r.err;
    std::string sar = read_file(d.path + "/sar"), wt;
    for (const auto &l : lines_of(read_file(d.path + "/wt")))
        if (l.rfind("## ", 0) == 0) wt += l.substr(3) + "\n";
    for (const char *col : {"rxpck/s", "txpck/s", "rxkB/s"}) {
        double a = sar_average(sar, col, "lo"), b = sar_average(wt, col, "lo");
        ASSERT_GT(a, 0) << col << "\n" << sar;
        EXPECT_NEAR(b, a, 0.05 * a) << col << "\nsar:\n" << sar << "\nwiretrace:\n" << wt;
    }
    for (const char *col : {"iseg/s", "oseg/s"}) {
        double a = sar_average(sar, col, ""), b = sar_average(wt, col, "");
        ASSERT_GT(a, 0) << col << "\n" << sar;
        EXPECT_NEAR(b, a, 0.05 * a) << col << "\nsar:\n" << sar << "\nwiretrace:\n" << wt;
    }
}
