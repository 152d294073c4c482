// The network views (--stats, --net-summary's kernel side, --top) against the kernel and the
// classic tools: each runs in a network namespace of its own, so the only traffic its counters
// see is the traced program's, and the numbers must be equal, not close.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <regex>
#include <string>

#include "run_helper.h"
#include "views/net_counters.h"
#include "views/net_stats.h"

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
