// wiredump -r against tcpdump 4.99's answers for every public capture in ../shared/pcaps:
// byte for byte, for every recorded variant (default, -tt, -S, nano, -e, -X, -v).
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <glob.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "run_helper.h"

TEST(Wiredump, PublicCapturesPrintAsTcpdump) {
    std::string dir = build_dir() + "/../../shared/pcaps/public/";
    glob_t g{};
    if (glob((dir + "*.pcap*").c_str(), 0, nullptr, &g) != 0)
        GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    if (access((build_dir() + "/plugins/wiretrace-capture-pcap.so").c_str(), R_OK) != 0) {
        globfree(&g);
        GTEST_SKIP() << "libpcap plugin not built";
    }
    const std::pair<const char *, const char *> variants[] = {
        {"", ""},     {"-tt", "-tt"}, {"-S", "-S"}, {"-nano", "--time-stamp-precision=nano"},
        {"-e", "-e"}, {"-X", "-X"},   {"-v", "-v"}};
    int compared = 0, same = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        std::string f = g.gl_pathv[i];
        std::string base = f.substr(0, f.rfind('.'));
        for (const auto &[suffix, flag] : variants) {
            std::string answer = base + ".tcpdump" + suffix + ".txt";
            if (access(answer.c_str(), R_OK) != 0) continue;
            std::vector<std::string> argv = {"/usr/bin/env", "TZ=UTC", build_dir() + "/wiredump", "-nn"};
            if (*flag) argv.push_back(flag);
            argv.insert(argv.end(), {"-r", f});
            auto r = run_cmd(argv);
            compared++;
            EXPECT_EQ(r.out, read_file(answer)) << f << " " << flag;
            if (r.out == read_file(answer)) same++;
            if (!*suffix) {
                // (tcpdump's answers were made from the capture's directory)
                std::string err = r.err;
                if (err.find(dir) != std::string::npos) err.erase(err.find(dir), dir.size());
                EXPECT_EQ(err, read_file(base + ".tcpdump.stderr")) << f;
                EXPECT_EQ(r.code(), 0) << f;
            }
        }
    }
    globfree(&g);
    std::printf("wiredump: %d of %d tcpdump answers reproduced byte for byte\n", same, compared);
    EXPECT_GE(compared, 145);
}

TEST(Wiredump, FilterAndCountAndErrors) {
    std::string f = build_dir() + "/../../shared/pcaps/public/udp-icmp-unreach.pcap";
    if (access(f.c_str(), R_OK) != 0) GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    auto all = run_cmd({"/usr/bin/env", "TZ=UTC", build_dir() + "/wiredump", "-nn", "-r", f});
    auto icmp = run_cmd({"/usr/bin/env", "TZ=UTC", build_dir() + "/wiredump", "-nnr", f, "icmp", "-c", "2"});
    EXPECT_EQ(icmp.code(), 0) << icmp.err;
    auto lines = lines_of(icmp.out);
    ASSERT_EQ(lines.size(), 2u) << icmp.out;
    for (const auto &l : lines) EXPECT_NE(l.find(" ICMP "), std::string::npos) << l;
    if (access("/usr/bin/tcpdump", X_OK) == 0) {
        auto ref = run_cmd({"/usr/bin/env", "TZ=UTC", "/usr/bin/tcpdump", "-nnr", f, "icmp", "-c", "2"});
        EXPECT_EQ(icmp.out, ref.out);
    }
    auto bad = run_cmd({build_dir() + "/wiredump", "-r", f, "tcp", "port"});
    EXPECT_EQ(bad.code(), 1);
    EXPECT_NE(bad.err.find("wiredump: "), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("syntax error"), std::string::npos) << bad.err;
    // a truncated file: the good packets, then an error
    std::string cut = "/tmp/wt-truncated.pcap";
    std::string bytes = read_file(f);
    {
        FILE *o = fopen(cut.c_str(), "wb");
        fwrite(bytes.data(), 1, bytes.size() - 20, o);
        fclose(o);
    }
    auto t = run_cmd({"/usr/bin/env", "TZ=UTC", build_dir() + "/wiredump", "-nn", "-r", cut});
    unlink(cut.c_str());
    EXPECT_EQ(t.code(), 1);
    EXPECT_EQ(lines_of(t.out).size() + 1, lines_of(all.out).size());
    EXPECT_NE(t.err.find("wiredump: truncated dump file"), std::string::npos) << t.err;
    auto missing = run_cmd({build_dir() + "/wiredump", "-r", "/nonexistent.pcap"});
    EXPECT_EQ(missing.code(), 1);
    EXPECT_EQ(missing.err.rfind("wiredump: /nonexistent.pcap: No such file or directory", 0), 0u) << missing.err;
}

namespace {
// The same packets as pcapng: a section header, one interface, one enhanced packet block each.
std::string pcap_to_pcapng(const std::string &pcap) {
    auto u32 = [&](size_t off) {
        uint32_t v;
        std::memcpy(&v, pcap.data() + off, 4);
        return v;
    };
    std::string out;
    auto put32 = [&](uint32_t v) { out.append(reinterpret_cast<const char *>(&v), 4); };
    auto put16 = [&](uint16_t v) { out.append(reinterpret_cast<const char *>(&v), 2); };
    put32(0x0a0d0d0a), put32(28), put32(0x1a2b3c4d), put16(1), put16(0), put32(0xffffffff), put32(0xffffffff),
        put32(28);
    put32(1), put32(20), put16(static_cast<uint16_t>(u32(20))), put16(0), put32(u32(16)), put32(20);
    for (size_t off = 24; off + 16 <= pcap.size();) {
        uint32_t sec = u32(off), usec = u32(off + 4), incl = u32(off + 8), orig = u32(off + 12);
        uint64_t ts = static_cast<uint64_t>(sec) * 1000000 + usec;
        uint32_t padded = (incl + 3) & ~3u;
        uint32_t total = 32 + padded;
        put32(6), put32(total), put32(0), put32(static_cast<uint32_t>(ts >> 32)), put32(static_cast<uint32_t>(ts));
        put32(incl), put32(orig);
        out.append(pcap, off + 16, incl);
        out.append(padded - incl, '\0');
        put32(total);
        off += 16 + incl;
    }
    return out;
}
}  // namespace

TEST(Wiredump, PcapngAndStandardInput) {
    std::string f = build_dir() + "/../../shared/pcaps/public/udp-icmp-unreach.pcap";
    if (access(f.c_str(), R_OK) != 0) GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    auto ref = run_cmd({"/usr/bin/env", "TZ=UTC", build_dir() + "/wiredump", "-nn", "-r", f});
    std::string ng = "/tmp/wt-wiredump.pcapng";
    {
        std::string data = pcap_to_pcapng(read_file(f));
        FILE *o = fopen(ng.c_str(), "wb");
        fwrite(data.data(), 1, data.size(), o);
        fclose(o);
    }
    auto got = run_cmd({"/usr/bin/env", "TZ=UTC", build_dir() + "/wiredump", "-nn", "-r", ng});
    EXPECT_EQ(got.code(), 0) << got.err;
    EXPECT_EQ(got.out, ref.out);
    // "-r -": standard input
    auto in = run_cmd({"/bin/sh", "-c", "TZ=UTC " + build_dir() + "/wiredump -nn -r - < " + ng});
    EXPECT_EQ(in.out, ref.out);
    EXPECT_EQ(in.err.rfind("reading from file -, link-type EN10MB (Ethernet)", 0), 0u) << in.err;
    unlink(ng.c_str());
}

TEST(Wiredump, EveryLinkTypeAsTcpdump) {
    // raw IP, BSD loopback, Linux cooked v1 and v2: one IPv4 and one IPv6 datagram each
    if (access("/usr/bin/tcpdump", X_OK) != 0) GTEST_SKIP() << "tcpdump is the oracle";
    static const std::pair<const char *, const char *> files[] = {
        {"raw",
         "d4c3b2a1020004000000000000000000000004006500000000f15365000000001e0000001e0000004500001e00014000401100000a000"
         "0010a00000203e807d0000a0000686901f1536500000000320000003200000060000000000a1140000000000000000000000000000000"
         "010000000000000000000000000000000203e807d0000a00006869"},
        {"null",
         "d4c3b2a1020004000000000000000000000004000000000000f15365000000002200000022000000020000004500001e0001400040110"
         "0000a0000010a00000203e807d0000a0000686901f153650000000036000000360000001e00000060000000000a114000000000000000"
         "0000000000000000010000000000000000000000000000000203e807d0000a00006869"},
        {"sll",
         "d4c3b2a1020004000000000000000000000004007100000000f15365000000002e0000002e00000000000001000602000000000100000"
         "8004500001e00014000401100000a0000010a00000203e807d0000a0000686901f1536500000000420000004200000000040001000602"
         "0000000001000086dd60000000000a1140000000000000000000000000000000010000000000000000000000000000000203e807d0000"
         "a00006869"},
        {"sll2",
         "d4c3b2a1020004000000000000000000000004001401000000f1536500000000320000003200000008000000000000010001000602000"
         "000000100004500001e00014000401100000a0000010a00000203e807d0000a0000686901f1536500000000460000004600000086dd00"
         "000000000100010406020000000001000060000000000a114000000000000000000000000000000001000000000000000000000000000"
         "0000203e807d0000a00006869"},
    };
    for (const auto &[name, hex] : files) {
        std::string path = std::string("/tmp/wt-linktype-") + name + ".pcap", data;
        for (size_t i = 0; hex[i] && hex[i + 1]; i += 2)
            data += static_cast<char>(std::stoi(std::string(hex + i, 2), nullptr, 16));
        FILE *o = fopen(path.c_str(), "wb");
        fwrite(data.data(), 1, data.size(), o);
        fclose(o);
        for (const char *flag : {"-t", "-e", "-v", "-X", "-A"}) {
            auto mine = run_cmd({"/usr/bin/env", "TZ=UTC", build_dir() + "/wiredump", "-nn", flag, "-r", path});
            auto ref = run_cmd({"/usr/bin/env", "TZ=UTC", "/usr/bin/tcpdump", "-nn", flag, "-r", path});
            EXPECT_EQ(mine.out, ref.out) << name << " " << flag;
            EXPECT_EQ(mine.err, ref.err) << name << " " << flag;
        }
        unlink(path.c_str());
    }
}

TEST(Wiredump, MoreFlagCombinationsAsTcpdump) {
    // the variants without recorded answers, against tcpdump itself
    if (access("/usr/bin/tcpdump", X_OK) != 0) GTEST_SKIP() << "tcpdump is the oracle";
    glob_t g{};
    if (glob((build_dir() + "/../../shared/pcaps/public/*.pcap").c_str(), 0, nullptr, &g) != 0)
        GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    const std::vector<std::vector<std::string>> combos = {{"-A"},   {"-A", "-v"}, {"-X", "-v"},      {"-x"},
                                                          {"-ttt"}, {"-tttt"},    {"-e", "-v", "-S"}};
    int same = 0, compared = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        for (const auto &flags : combos) {
            std::vector<std::string> a = {"/usr/bin/env", "TZ=UTC", build_dir() + "/wiredump", "-nn"};
            std::vector<std::string> b = {"/usr/bin/env", "TZ=UTC", "/usr/bin/tcpdump", "-nn"};
            a.insert(a.end(), flags.begin(), flags.end());
            b.insert(b.end(), flags.begin(), flags.end());
            a.insert(a.end(), {"-r", g.gl_pathv[i]});
            b.insert(b.end(), {"-r", g.gl_pathv[i]});
            auto mine = run_cmd(a), ref = run_cmd(b);
            compared++;
            same += mine.out == ref.out;
            EXPECT_EQ(mine.out, ref.out) << g.gl_pathv[i] << " " << flags[0];
        }
    }
    globfree(&g);
    std::printf("wiredump: %d of %d runs equal to tcpdump's\n", same, compared);
}

namespace {
void send_udp(uint16_t port, int n) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < n; i++) sendto(s, "hello", 5, 0, reinterpret_cast<sockaddr *>(&a), sizeof a);
    close(s);
}
bool wait_for_text(const std::string &path, const std::string &text) {
    for (int i = 0; i < 500; i++) {
        if (read_file(path).find(text) != std::string::npos) return true;
        usleep(10000);
    }
    return false;
}
}  // namespace

TEST(WiredumpLive, LoopbackLinesAndStatistics) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    uint16_t port = static_cast<uint16_t>(40000 + getpid() % 20000);
    std::string out = "/tmp/wt-live.out", err = "/tmp/wt-live.err";
    pid_t p = spawn_bg({build_dir() + "/wiredump", "-i", "lo", "-nn", "-c", "3", "udp", "port", std::to_string(port)},
                       out, err);
    ASSERT_TRUE(wait_for_text(err, "listening on lo")) << read_file(err);
    send_udp(port, 3);
    int st = reap(p, 5000);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << st;
    auto lines = lines_of(read_file(out));
    ASSERT_EQ(lines.size(), 3u) << read_file(out);
    for (const auto &l : lines) EXPECT_NE(l.find("IP 127.0.0.1."), std::string::npos) << l;
    EXPECT_NE(lines[0].find(" > 127.0.0.1." + std::to_string(port) + ": UDP, length 5"), std::string::npos) << lines[0];
    std::string e = read_file(err);
    EXPECT_NE(e.find("3 packets captured\n"), std::string::npos) << e;
    EXPECT_NE(e.find("packets received by filter\n"), std::string::npos) << e;
    EXPECT_NE(e.find("0 packets dropped by kernel\n"), std::string::npos) << e;
    unlink(out.c_str());
    unlink(err.c_str());
}

TEST(WiredumpLive, WrittenFilesReadBackAndSigtermCompletesThem) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    for (const char *name : {"/tmp/wt-live.pcapng", "/tmp/wt-live.pcap"}) {
        uint16_t port = static_cast<uint16_t>(41000 + getpid() % 20000);
        std::string err = "/tmp/wt-live-w.err";
        pid_t p = spawn_bg({build_dir() + "/wiredump", "-i", "lo", "-w", name, "udp", "port", std::to_string(port)},
                           "/dev/null", err);
        ASSERT_TRUE(wait_for_text(err, "listening on lo")) << read_file(err);
        send_udp(port, 4);
        usleep(300000);
        kill(p, SIGTERM);  // no -c: the signal ends it, with the file complete
        int st = 0;
        waitpid(p, &st, 0);
        EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << st;
        EXPECT_NE(read_file(err).find("4 packets captured"), std::string::npos) << read_file(err);
        auto mine = run_cmd({build_dir() + "/wiredump", "-nn", "-r", name});
        EXPECT_EQ(mine.code(), 0) << mine.err;
        EXPECT_EQ(lines_of(mine.out).size(), 4u) << mine.out;
        if (access("/usr/bin/tcpdump", X_OK) == 0) {
            auto ref = run_cmd({"/usr/bin/tcpdump", "-nn", "-r", name});
            EXPECT_EQ(ref.code(), 0) << ref.err;
            EXPECT_EQ(mine.out, ref.out) << name;
        }
        unlink(name);
        unlink(err.c_str());
    }
}

TEST(WiredumpLive, AcrossAVethPairBetweenNamespaces) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    std::string a = "wta" + std::to_string(getpid() % 100000), b = "wtb" + std::to_string(getpid() % 100000);
    std::string va = "va" + std::to_string(getpid() % 100000), vb = "vb" + std::to_string(getpid() % 100000);
    ASSERT_TRUE(make_veth_pair(a, b, va, vb)) << "veth pair between namespaces (this machine allows it)";
    std::string out = "/tmp/wt-veth.out", err = "/tmp/wt-veth.err";
    pid_t p = spawn_bg(
        {"/usr/bin/ip", "netns", "exec", a, build_dir() + "/wiredump", "-i", va, "-nn", "-c", "2", "udp"}, out, err);
    EXPECT_TRUE(wait_for_text(err, "listening on " + va)) << read_file(err);
    // two datagrams from the first namespace's address to the second's, nothing else
    (void)!system(("ip netns exec " + a +
                   " python3 -c \"import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
                   "[s.sendto(b'ping', ('10.77.0.2', 7777)) for i in range(2)]\"")
                      .c_str());
    reap(p, 5000);
    delete_netns({a, b});
    auto lines = lines_of(read_file(out));
    ASSERT_EQ(lines.size(), 2u) << read_file(out) << read_file(err);
    for (const auto &l : lines) EXPECT_NE(l.find("IP 10.77.0.1."), std::string::npos) << l;
    EXPECT_NE(lines[0].find(" > 10.77.0.2.7777: UDP, length 4"), std::string::npos) << lines[0];
    unlink(out.c_str());
    unlink(err.c_str());
}

TEST(WiredumpLive, ListsInterfacesAsTcpdump) {
    if (access("/usr/bin/tcpdump", X_OK) != 0) GTEST_SKIP() << "tcpdump is the oracle";
    auto mine = run_cmd({build_dir() + "/wiredump", "-D"});
    auto ref = run_cmd({"/usr/bin/tcpdump", "-D"});
    EXPECT_EQ(mine.code(), 0) << mine.err;
    EXPECT_EQ(mine.out, ref.out);
    EXPECT_NE(mine.out.find(".lo [Up, Running, Loopback]\n"), std::string::npos) << mine.out;
}

// Printing must never stop the reading: with stdout a pipe nobody reads and a small kernel
// ring, a burst far larger than the ring is still captured whole, then printed.
TEST(WiredumpLive, ABlockedOutputDoesNotLosePackets) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    uint16_t port = static_cast<uint16_t>(42000 + getpid() % 20000);
    std::string err = "/tmp/wt-live-q.err";
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t p = fork();
    if (p == 0) {
        dup2(fds[1], 1);
        int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(e, 2);
        close(fds[0]);
        execl((build_dir() + "/wiredump").c_str(), "wiredump", "-i", "lo", "-B", "4096", "udp", "port",
              std::to_string(port).c_str(), static_cast<char *>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    ASSERT_TRUE(wait_for_text(err, "listening on lo")) << read_file(err);
    // 20000 datagrams of 1000 bytes (each twice in the ring on lo): 40 MB through a 4 MiB ring,
    // in bursts the ring holds, while the 64 KiB pipe is full after ~900 lines. A reader that
    // waited for its output would lose ~90%; the scheduler of a loaded 2-core machine may
    // still cost a burst now and then, hence 98%.
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string payload(1000, 'x');
    const int total = 20000;
    for (int i = 0; i < total; i++) {
        sendto(s, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr *>(&a), sizeof a);
        if (i % 50 == 49) usleep(2000);
    }
    close(s);
    usleep(300000);
    kill(p, SIGINT);
    std::string text;
    char buf[65536];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int st = 0;
    waitpid(p, &st, 0);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << st;
    std::string e = read_file(err);
    size_t captured = 0;
    sscanf(e.c_str() + std::min(e.size(), e.find('\n') + 1), "%zu packets captured", &captured);
    EXPECT_EQ(lines_of(text).size(), captured) << e;  // everything captured is printed, after the stop too
    EXPECT_GE(captured, static_cast<size_t>(total) * 98 / 100) << e;
    unlink(err.c_str());
}

// -Q on a veth pair: only one direction is captured, and the file says which (epb_flags)
TEST(WiredumpLive, DirectionOnAVethPair) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    std::string id = std::to_string(getpid() % 100000);
    std::string a = "wqa" + id, b = "wqb" + id, va = "qa" + id, vb = "qb" + id;
    ASSERT_TRUE(make_veth_pair(a, b, va, vb)) << "veth pair between namespaces (this machine allows it)";
    std::string in = "/tmp/wt-q-in.pcapng", out = "/tmp/wt-q-out.txt", e1 = "/tmp/wt-q1.err", e2 = "/tmp/wt-q2.err";
    pid_t pin = spawn_bg({"/usr/bin/ip", "netns", "exec", b, build_dir() + "/wiredump", "-i", vb, "-Q", "in", "-c", "2",
                          "-w", in, "udp or icmp"},
                         "/dev/null", e1);
    pid_t pout = spawn_bg(
        {"/usr/bin/ip", "netns", "exec", b, build_dir() + "/wiredump", "-i", vb, "-Q", "out", "-c", "2", "udp or icmp"},
        out, e2);
    EXPECT_TRUE(wait_for_text(e1, "listening on") && wait_for_text(e2, "listening on"));
    // UDP to a closed port in b: in at b, and b's ICMP port-unreachable answers go out
    (void)!system(("ip netns exec " + a +
                   " python3 -c \"import socket,time; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                   "for i in range(2): s.sendto(b'ping', ('10.77.0.2', 7777)); time.sleep(0.05)\"")
                      .c_str());
    for (pid_t p : {pin, pout}) reap(p, 3000);
    delete_netns({a, b});
    auto outs = lines_of(read_file(out));
    ASSERT_EQ(outs.size(), 2u) << read_file(out) << read_file(e2);
    for (const auto &l : outs)
        EXPECT_NE(l.find("IP 10.77.0.2 > 10.77.0.1: ICMP 10.77.0.2 udp port 7777 unreachable"), std::string::npos) << l;
    auto ins = run_cmd({build_dir() + "/wiredump", "-nn", "-r", in});
    ASSERT_EQ(lines_of(ins.out).size(), 2u) << ins.out << ins.err << read_file(e1);
    for (const auto &l : lines_of(ins.out)) EXPECT_NE(l.find("IP 10.77.0.1."), std::string::npos) << l;
    if (access("/usr/bin/tshark", X_OK) == 0) {
        auto ts = run_cmd({"/usr/bin/tshark", "-r", in, "-T", "fields", "-e", "frame.packet_flags_direction"});
        EXPECT_EQ(ts.out, "0x00000001\n0x00000001\n") << ts.err;
    }
    for (const auto &f : {in, out, e1, e2}) unlink(f.c_str());
}

// -U: the file has the packets while the capture still runs (readable by tcpdump mid-capture)
TEST(WiredumpLive, PacketBufferedFileIsReadableWhileCapturing) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    uint16_t port = static_cast<uint16_t>(43000 + getpid() % 20000);
    std::string file = "/tmp/wt-live-U.pcap", err = "/tmp/wt-live-U.err";
    pid_t p = spawn_bg({build_dir() + "/wiredump", "-i", "lo", "-U", "-w", file, "udp", "port", std::to_string(port)},
                       "/dev/null", err);
    ASSERT_TRUE(wait_for_text(err, "listening on lo")) << read_file(err);
    send_udp(port, 3);
    std::string mid;
    for (int i = 0; i < 200; i++) {  // no timeout on a file: poll until the packets are there
        usleep(10000);
        auto r = run_cmd({build_dir() + "/wiredump", "-r", file});
        if (lines_of(r.out).size() == 3) {
            mid = r.out;
            break;
        }
    }
    kill(p, SIGINT);
    int st = 0;
    waitpid(p, &st, 0);
    EXPECT_EQ(lines_of(mid).size(), 3u) << "the packets were not in the file while capturing";
    EXPECT_NE(read_file(err).find("3 packets captured"), std::string::npos) << read_file(err);
    unlink(file.c_str());
    unlink(err.c_str());
}

TEST(WiredumpLive, BadLiveOptionsSayWhy) {
    struct Case {
        std::vector<std::string> args;
        std::string err;
    } cases[] = {
        {{"-Q", "sideways"}, "wiredump: unknown capture direction `sideways'\n"},
        {{"-i", "999"}, "wiredump: interface number 999 out of range\n"},
        {{"-i", "nosuchif0"}, "wiredump: nosuchif0: "},
    };
    for (const auto &c : cases) {
        std::vector<std::string> argv{build_dir() + "/wiredump"};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        auto r = run_cmd(argv);
        EXPECT_NE(r.code(), 0) << c.err;
        EXPECT_EQ(r.err.rfind(c.err, 0), 0u) << r.err;
    }
}
