// Socket decoding on real processes, against Debian's strace as the oracle: a loopback HTTP
// exchange under -f -yy, and -yy for a tracee inside a network namespace of its own.
#include <gtest/gtest.h>
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include <map>
#include <regex>

#include "run_helper.h"

namespace {
// The trace of each process (-ff: one file per process, so no interleaving),
// with ports, inodes and pids replaced by their order of appearance.
std::vector<std::vector<std::string>> traces(const std::string &dir) {
    // Files in a canonical order: by their first line (pids wrap around, so pid order is not
    // process order).
    std::vector<std::pair<std::string, std::string>> files;  // first line, text
    if (DIR *d = opendir(dir.c_str())) {
        while (dirent *e = readdir(d)) {
            if (e->d_name[0] != 't') continue;
            std::string text = read_file(dir + "/" + e->d_name);
            files.emplace_back(text.substr(0, text.find('\n')), text);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());
    std::map<std::string, std::string> ports, inodes;
    auto rename = [](std::map<std::string, std::string> &m, const std::string &v, const char *kind) {
        auto it = m.find(v);
        if (it == m.end()) it = m.emplace(v, kind + std::to_string(m.size() + 1)).first;
        return it->second;
    };
    std::vector<std::vector<std::string>> out;
    for (const auto &f : files) {
        out.emplace_back();
        for (std::string l : lines_of(f.second)) {
            std::smatch m;
            std::string r, rest = l;
            std::regex num(R"((htons\(|:|\[|si_pid=)(\d{3,})(?=[\])>,-]|$))");
            while (std::regex_search(rest, m, num)) {
                r += m.prefix();
                r += m[1];
                std::string v = m[2];
                r += m[1] == "[" ? rename(inodes, v, "INO") : m[1] == "si_pid=" ? "PID" : rename(ports, v, "PORT");
                rest = m.suffix();
            }
            out.back().push_back(r + rest);
        }
    }
    return out;
}

struct TempDir {
    std::string path;
    TempDir() {
        char t[] = "/tmp/wt-net.XXXXXX";
        path = mkdtemp(t);
    }
    ~TempDir() { (void)!system(("rm -rf " + path).c_str()); }
};
}  // namespace

TEST(Net, HttpExchangeMatchesStrace) {
    if (access("/usr/bin/strace", X_OK) != 0) GTEST_SKIP() << "strace is the oracle";
    TempDir ds, dw;
    auto run = [](const std::string &tracer, const std::string &dir) {
        return run_cmd(
            {tracer, "-ff", "-yy", "-e", "trace=network", "-e", "signal=none", "-o", dir + "/t", prog("http_pair")});
    };
    auto ref = run("/usr/bin/strace", ds.path), got = run(wiretrace_bin(), dw.path);
    ASSERT_EQ(ref.code(), 0) << ref.err;
    EXPECT_EQ(got.code(), 0) << got.err;
    auto a = traces(ds.path), b = traces(dw.path);
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a, b);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_NE(b[0].size(), 0u);
    EXPECT_TRUE(std::any_of(b[1].begin(), b[1].end(),
                            [](const std::string &l) { return l.find("TCP:[127.0.0.1:PORT") != std::string::npos; }));
}

TEST(Net, DecodeFdsInTheTraceesNetworkNamespace) {
    if (geteuid() != 0 || (access("/usr/bin/ip", X_OK) != 0 && access("/sbin/ip", X_OK) != 0))
        GTEST_SKIP() << "needs root and iproute2";
    std::string ns = "wt-yy-" + std::to_string(getpid());
    if (system(("ip netns add " + ns + " && ip -n " + ns + " link set lo up").c_str()) != 0)
        GTEST_SKIP() << "cannot create a network namespace here";
    auto r = run_cmd({wiretrace_bin(), "-f", "-yy", "-qq", "-e", "trace=connect,accept4,sendto", "ip", "netns", "exec",
                      ns, prog("http_pair")});
    (void)!system(("ip netns delete " + ns).c_str());
    EXPECT_EQ(r.code(), 0) << r.err;
    // strace asks its own namespace and would print TCP:[inode]; wiretrace asks the tracee's.
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(accept4\(\d+<TCP:\[127\.0\.0\.1:\d+\]>)"))) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(= \d+<TCP:\[127\.0\.0\.1:\d+->127\.0\.0\.1:\d+\]>)"))) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(sendto\(\d+<TCP:\[127\.0\.0\.1:\d+->127\.0\.0\.1:\d+\]>)")))
        << r.err;
}

// ss's NETLINK_SOCK_DIAG dump of TCP, UDP, unix and packet sockets (requests with their filters,
// replies with every attribute ss asks for under -m -e -i) reads as strace prints it. Both
// tracers run in a network namespace of their own, so the dump holds only the test's sockets;
// numbers that differ between runs (inodes, cookies, pids, buffer sizes) are set aside.
TEST(Net, SsSockDiagDumpMatchesStrace) {
    if (access("/usr/bin/strace", X_OK) != 0 || access("/usr/bin/ss", X_OK) != 0)
        GTEST_SKIP() << "strace is the oracle, ss the client";
    if (geteuid() != 0 || run_cmd({"/usr/bin/unshare", "-n", "/bin/true"}).code() != 0)
        GTEST_SKIP() << "needs a network namespace (root and unshare)";
    TempDir d;
    auto run = [&](const std::string &tracer, const std::string &out) {
        return run_cmd({"/usr/bin/unshare", "-n", tracer, "-v", "-s", "1024", "-e", "trace=sendmsg,recvmsg", "-o", out,
                        prog("diag_sockets"), "/usr/bin/ss", "-a", "-n", "-m", "-e", "-i", "-A", "inet,unix,packet"});
    };
    auto ref = run("/usr/bin/strace", d.path + "/s"), got = run(wiretrace_bin(), d.path + "/w");
    ASSERT_EQ(ref.code(), 0) << ref.err;
    ASSERT_EQ(got.code(), 0) << got.err;
    auto normalized = [](const std::string &path) {
        std::regex ids(R"(((?:nlmsg_pid|ino|inode|cookie)=)(\[\d+, \d+\]|\d+))"), big(R"(\b\d{4,}\b)");
        std::vector<std::string> out;
        for (const auto &l : lines_of(read_file(path)))
            out.push_back(std::regex_replace(std::regex_replace(l, ids, "$1N"), big, "N"));
        return out;
    };
    auto a = normalized(d.path + "/s"), b = normalized(d.path + "/w");
    EXPECT_EQ(a, b);
    // the dump was decoded, not shown as bytes: the listener, the packet socket, the unix one
    std::string all;
    for (const auto &l : b) all += l + "\n";
    EXPECT_NE(all.find("idiag_state=TCP_LISTEN"), std::string::npos);
    EXPECT_NE(all.find("idiag_src=inet_addr(\"127.0.0.1\")"), std::string::npos);
    EXPECT_NE(all.find("pdiag_num=ETH_P_ALL"), std::string::npos);
    EXPECT_NE(all.find("UNIX_DIAG_NAME"), std::string::npos);
    EXPECT_NE(all.find("INET_DIAG_SKMEMINFO"), std::string::npos);
}

// nft's NETLINK_NETFILTER batches (a table, a chain, a rule, then the ruleset listed) read as
// strace prints them: subsystem<<8|type names, per-type request flags, nfgenmsg headers.
TEST(Net, NftBatchesMatchStrace) {
    if (access("/usr/bin/strace", X_OK) != 0 || access("/usr/sbin/nft", X_OK) != 0)
        GTEST_SKIP() << "strace is the oracle, nft the client";
    if (geteuid() != 0 || run_cmd({"/usr/bin/unshare", "-n", "/bin/true"}).code() != 0)
        GTEST_SKIP() << "needs a network namespace (root and unshare)";
    TempDir d;
    const std::string script =
        "nft add table inet wt && nft add chain inet wt c '{ type filter hook input priority 0; }' && "
        "nft add rule inet wt c tcp dport 40123 counter accept && nft list ruleset";
    auto run = [&](const std::string &tracer, const std::string &out) {
        return run_cmd({"/usr/bin/unshare", "-n", tracer, "-f", "-e", "signal=none", "-s", "256", "-e",
                        "trace=sendmsg,recvmsg", "-o", out, "/bin/sh", "-c", script});
    };
    auto ref = run("/usr/bin/strace", d.path + "/s"), got = run(wiretrace_bin(), d.path + "/w");
    ASSERT_EQ(ref.code(), 0) << ref.err;
    ASSERT_EQ(got.code(), 0) << got.err;
    auto normalized = [](const std::string &path) {
        // (NFT_MSG_NEWGEN carries the pid of the process that made the generation: attribute 2)
        std::regex pids(R"(^\d+ +)"), ids(R"(((?:nlmsg_pid|nlmsg_seq|nl_pid)=)\d+)"),
            gen_pid(R"re((NFT_MSG_NEWGEN.*?nla_type=0x2\}, )"[^"]*")re");
        std::vector<std::string> out;
        for (auto l : lines_of(read_file(path)))
            if (l.find("+++") == std::string::npos) {
                l = std::regex_replace(std::regex_replace(l, pids, ""), ids, "$1N");
                out.push_back(std::regex_replace(l, gen_pid, "$1PID"));
            }
        std::sort(out.begin(), out.end());
        return out;
    };
    auto a = normalized(d.path + "/s"), b = normalized(d.path + "/w");
    EXPECT_EQ(a, b);
    std::string all;
    for (const auto &l : b) all += l + "\n";
    EXPECT_NE(all.find("nlmsg_type=NFNL_SUBSYS_NFTABLES<<8|NFT_MSG_NEWRULE"), std::string::npos) << all;
    EXPECT_NE(all.find("{nfgen_family=AF_UNIX, version=NFNETLINK_V0"), std::string::npos) << all;  // NFPROTO_INET
}

// ip -d/-s link dumps of a bridge with a tap port (kind-specific IFLA_INFO_DATA, bridge port
// slave data, IFLA_AF_SPEC, 64-bit and extended statistics) read as strace prints them. The
// devices' random MAC addresses, timers and counters differ between the two runs: every number
// and hardware address is set aside, the decoded structure is compared.
TEST(Net, IpLinkDetailsMatchStrace) {
    if (access("/usr/bin/strace", X_OK) != 0 || (access("/usr/bin/ip", X_OK) != 0 && access("/sbin/ip", X_OK) != 0))
        GTEST_SKIP() << "strace is the oracle, ip the client";
    if (geteuid() != 0 || run_cmd({"/usr/bin/unshare", "-n", "/bin/true"}).code() != 0)
        GTEST_SKIP() << "needs a network namespace (root and unshare)";
    TempDir d;
    const std::string script =
        "ip link add br0 type bridge && ip tuntap add tap0 mode tap && ip link set tap0 master br0 && "
        "ip link set br0 up && ip -d -s -s link show && ip -s -d link xstats type bridge";
    auto run = [&](const std::string &tracer, const std::string &out) {
        return run_cmd({"/usr/bin/unshare", "-n", tracer, "-f", "-e", "signal=none", "-s", "512", "-e",
                        "trace=sendmsg,recvmsg", "-o", out, "/bin/sh", "-c", script});
    };
    auto ref = run("/usr/bin/strace", d.path + "/s"), got = run(wiretrace_bin(), d.path + "/w");
    ASSERT_EQ(ref.code(), 0) << ref.err;
    ASSERT_EQ(got.code(), 0) << got.err;
    auto normalized = [](const std::string &path) {
        std::regex pids(R"(^\d+ +)"), mac(R"([0-9a-f]{2}(:[0-9a-f]{2}){5})"), num(R"(-?\b\d+\b)");
        std::vector<std::string> out;
        for (auto l : lines_of(read_file(path)))
            if (l.find("+++") == std::string::npos)
                out.push_back(
                    std::regex_replace(std::regex_replace(std::regex_replace(l, pids, ""), mac, "MAC"), num, "N"));
        return out;
    };
    auto a = normalized(d.path + "/s"), b = normalized(d.path + "/w");
    EXPECT_EQ(a, b);
    std::string all;
    for (const auto &l : b) all += l + "\n";
    for (const char *want :
         {"[{nla_len=N, nla_type=IFLA_INFO_KIND}, \"bridge\"], [{nla_len=N, nla_type=IFLA_INFO_DATA}",
          "nla_type=IFLA_BR_BRIDGE_ID}, {prio=[N, N], addr=MAC}", "nla_type=IFLA_TUN_TYPE}, IFF_TAP",
          "nla_type=IFLA_INFO_SLAVE_KIND}, \"bridge\"", "nla_type=IFLA_BRPORT_STATE}",
          "nla_type=LINK_XSTATS_TYPE_BRIDGE}"})
        EXPECT_NE(all.find(want), std::string::npos) << want;
}
