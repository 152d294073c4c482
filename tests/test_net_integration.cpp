// Socket decoding on real processes, against Debian's strace as the oracle: a loopback HTTP
// exchange under -f -yy, and -yy for a tracee inside a network namespace of its own.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <regex>

#include "run_helper.h"

namespace {
// Each process's own lines, in order, with "<unfinished ...>"/"<... resumed>" halves joined
// and pids, ports, inodes and addresses replaced by their order of appearance.
std::map<std::string, std::vector<std::string>> per_process(const std::string &trace) {
    std::map<std::string, std::string> open;  // pid -> first half
    std::map<std::string, std::string> names;
    std::map<std::string, std::vector<std::string>> out;
    std::map<std::string, std::string> ports, inodes;
    auto rename = [](std::map<std::string, std::string> &m, const std::string &v, const char *kind) {
        auto it = m.find(v);
        if (it == m.end()) it = m.emplace(v, kind + std::to_string(m.size() + 1)).first;
        return it->second;
    };
    std::string first_pid;
    for (std::string l : lines_of(trace)) {
        if (l.rfind("wiretrace: ", 0) == 0 || l.rfind("strace: ", 0) == 0) continue;
        std::smatch m;
        std::string pid = "main";
        if (std::regex_search(l, m, std::regex(R"(^\[pid +(\d+)\] )"))) {
            pid = m[1];
            l = m.suffix();
        }
        if (l.size() > 17 && l.compare(l.size() - 17, 17, " <unfinished ...>") == 0) {
            open[pid] = l.substr(0, l.size() - 17);
            continue;
        }
        if (std::regex_search(l, m, std::regex(R"(^<\.\.\. \w+ resumed>)"))) {
            l = open[pid] + std::string(m.suffix());
            open.erase(pid);
        }
        // a process's number is its first line's process, not its pid
        std::string who = pid == "main" ? "main" : rename(names, pid, "P");
        std::string r;
        std::string rest = l;
        std::regex num(R"((htons\(|:|\[|si_pid=|= )(\d{3,})(?=[\])>,-]|$))");
        while (std::regex_search(rest, m, num)) {
            r += m.prefix();
            r += m[1];
            std::string v = m[2];
            if (m[1] == "htons(" || m[1] == ":")
                r += rename(ports, v, "PORT");
            else if (m[1] == "[")
                r += rename(inodes, v, "INO");
            else
                r += "N";
            rest = m.suffix();
        }
        r += rest;
        r = std::regex_replace(r, std::regex(" +="), " =");
        out[who].push_back(r);
    }
    return out;
}
}  // namespace

TEST(Net, HttpExchangeMatchesStrace) {
    if (access("/usr/bin/strace", X_OK) != 0) GTEST_SKIP() << "strace is the oracle";
    std::vector<std::string> flags = {"-f", "-yy", "-e", "trace=network", "-e", "signal=none", "-qq"};
    std::vector<std::string> s = {"/usr/bin/strace"}, w = {wiretrace_bin()};
    s.insert(s.end(), flags.begin(), flags.end());
    w.insert(w.end(), flags.begin(), flags.end());
    s.push_back(prog("http_pair"));
    w.push_back(prog("http_pair"));
    auto ref = run_cmd(s), got = run_cmd(w);
    ASSERT_EQ(ref.code(), 0) << ref.err;
    EXPECT_EQ(got.code(), 0) << got.err;
    auto a = per_process(ref.err), b = per_process(got.err);
    EXPECT_EQ(a, b) << "strace:\n" << ref.err << "\nwiretrace:\n" << got.err;
    EXPECT_NE(got.err.find("TCP:[127.0.0.1:"), std::string::npos) << got.err;
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
