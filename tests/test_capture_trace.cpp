// wiretrace --capture on real traffic: packet lines in the trace next to the syscalls that
// caused them, the capture file read back by tcpdump, tshark and wiredump, capture in another
// network namespace across a veth pair, the bad inputs, and nothing changed without --capture.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>

#include "run_helper.h"

namespace {

const char *k_py = "/usr/bin/python3";

// A loopback HTTP-ish server for `n` connections on `port`, in the background.
pid_t start_server(int port, int n) {
    std::string code =
        "import socket\n"
        "l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
        "l.bind(('127.0.0.1'," +
        std::to_string(port) +
        ")); l.listen(); print('ready', flush=True)\n"
        "for i in range(" +
        std::to_string(n) +
        "):\n"
        "    c,_=l.accept(); c.recv(100); c.send(b'HTTP/1.0 200 OK\\r\\n\\r\\nhi'); c.close()\n";
    std::string out = "/tmp/wt-srv-" + std::to_string(port) + ".out";
    pid_t p = spawn_bg({k_py, "-c", code}, out, "/dev/null");
    for (int i = 0; i < 500 && read_file(out).find("ready") == std::string::npos; i++) usleep(10000);
    unlink(out.c_str());
    return p;
}

// The client: connect, send a request, read the answer, close; optionally sleep first.
std::string client_code(int port, double sleep_after_send = 0) {
    return "import socket,time\n"
           "s=socket.socket(); s.connect(('127.0.0.1'," +
           std::to_string(port) + ")); s.send(b'GET / HTTP/1.0\\r\\n\\r\\n')\n" + "time.sleep(" +
           std::to_string(sleep_after_send) + ")\nprint(len(s.recv(100))); s.close()\n";
}

std::vector<std::string> packet_lines(const std::string &trace) {
    std::vector<std::string> v;
    for (const auto &l : lines_of(trace))
        if (l.rfind("## ", 0) == 0) v.push_back(l);
    return v;
}
}  // namespace

TEST(Capture, PacketLinesSitWithTheirSyscallsAndTheFileReadsBackEverywhere) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    int port = 43000 + getpid() % 10000;
    pid_t srv = start_server(port, 1);
    std::string out = "/tmp/wt-cap.out", file = "/tmp/wt-cap.pcapng";
    auto r = run_cmd({wiretrace_bin(), "--capture=lo", "--capture-filter", "tcp port " + std::to_string(port),
                      "--capture-file", file, "-tt", "-e", "trace=%network", "-o", out, "--", k_py, "-c",
                      client_code(port)});
    reap(srv, 3000);
    ASSERT_EQ(r.code(), 0) << r.err;
    EXPECT_NE(r.err.find("wiretrace: 10 packets captured"), std::string::npos) << r.err;
    std::string trace = read_file(out);
    auto pkts = packet_lines(trace);
    ASSERT_EQ(pkts.size(), 10u) << trace;  // handshake, request + ack, answer + ack, FIN both ways + ack
    // the capture ran before the command: its SYN is there, first
    // each one the traced client's (the server is not traced): its fd 3, and the call that sent it
    std::regex line_re(
        R"(^## \d\d:\d\d:\d\d\.\d{6} \[pid \d+ fd 3( \w+#\d+| kernel)?\] IP 127\.0\.0\.1\.\d+ > 127\.0\.0\.1\.\d+: .*)");
    for (const auto &p : pkts) EXPECT_TRUE(std::regex_match(p, line_re)) << p;
    EXPECT_NE(pkts[0].find(" > 127.0.0.1." + std::to_string(port) + ": Flags [S], seq "), std::string::npos) << pkts[0];
    // the first packet comes after the connect() that sent it started, the request's data
    // after the send (the trace's lines are in time order)
    auto lines = lines_of(trace);
    size_t connect_at = 0, send_at = 0, syn_at = 0, data_at = 0;
    for (size_t i = 0; i < lines.size(); i++) {
        if (lines[i].find("connect(3,") != std::string::npos && !connect_at) connect_at = i + 1;
        if (lines[i].find("sendto(3, \"GET / HTTP") != std::string::npos && !send_at) send_at = i + 1;
        if (lines[i].find("Flags [S]") != std::string::npos && !syn_at) syn_at = i + 1;
        if (lines[i].find("Flags [P.], seq 1:19") != std::string::npos && !data_at) data_at = i + 1;
    }
    ASSERT_TRUE(connect_at && send_at && syn_at && data_at) << trace;  // fd 3: the capture leaked no fd
    EXPECT_LT(connect_at, syn_at) << trace;
    EXPECT_LT(send_at, data_at) << trace;
    // no syscall line starts with the marker; the timestamps of packet lines are in order
    for (const auto &l : lines) {
        if (l.rfind("## ", 0) != 0) {
            EXPECT_TRUE(isdigit(static_cast<unsigned char>(l[0]))) << l;
        }
    }

    // the file: the same packets, as tcpdump, wiredump and tshark read them
    auto td = run_cmd({"/usr/bin/tcpdump", "-nn", "-r", file});
    ASSERT_EQ(td.code(), 0) << td.err;
    auto tlines = lines_of(td.out);
    ASSERT_EQ(tlines.size(), pkts.size()) << td.out;
    for (size_t i = 0; i < pkts.size(); i++)
        EXPECT_EQ(std::regex_replace(pkts[i].substr(3), std::regex(R"(\[pid [^\]]*\] )"), ""), tlines[i]);
    auto wd = run_cmd({build_dir() + "/wiredump", "-nn", "-r", file});
    EXPECT_EQ(wd.out, td.out);
    if (access("/usr/bin/tshark", X_OK) == 0) {
        auto ts = run_cmd({"/usr/bin/tshark", "-r", file, "-T", "fields", "-e", "frame.len", "-e", "tcp.len"});
        ASSERT_EQ(ts.code(), 0) << ts.err;
        EXPECT_EQ(lines_of(ts.out).size(), pkts.size()) << ts.out;
        EXPECT_NE(ts.out.find("\t18\n"), std::string::npos) << ts.out;  // the request, intact
        auto shb = run_cmd({"/usr/bin/tshark", "-r", file, "-T", "fields", "-e", "frame.interface_name", "-c", "1"});
        EXPECT_EQ(shb.out, "lo\n");
    }
    unlink(out.c_str());
    unlink(file.c_str());
}

TEST(Capture, APacketLineFollowsItsSyscallWithinMilliseconds) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    int port = 44000 + getpid() % 10000;
    pid_t srv = start_server(port, 1);
    std::string out = "/tmp/wt-cap-lat.out", err = "/tmp/wt-cap-lat.err";
    // the client sleeps 3 s after sending: nothing else happens meanwhile to flush the trace
    auto t0 = std::chrono::steady_clock::now();
    pid_t w = spawn_bg({wiretrace_bin(), "--capture=lo", "--capture-filter", "tcp port " + std::to_string(port), "-e",
                        "trace=sendto", "-o", out, "--", k_py, "-c", client_code(port, 3)},
                       "/dev/null", err);
    bool seen = false;
    double at = 0;
    while (!seen && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3)) {
        seen = read_file(out).find("Flags [P.], seq 1:19") != std::string::npos;
        at = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        usleep(5000);
    }
    bool send_seen = read_file(out).find("sendto(3, \"GET") != std::string::npos;
    reap(w, 3000);
    reap(srv, 3000);
    EXPECT_TRUE(seen) << read_file(out) << read_file(err);
    EXPECT_TRUE(send_seen) << read_file(out);
    EXPECT_LT(at, 2.5) << "the packet line waited for the command to end";
    unlink(out.c_str());
    unlink(err.c_str());
}

TEST(Capture, SeparateFilesPutPacketsInTheirOwnFile) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    int port = 45000 + getpid() % 10000;
    pid_t srv = start_server(port, 1);
    std::string dir = "/tmp/wt-cap-ff" + std::to_string(getpid());
    ASSERT_EQ(system(("rm -rf " + dir + " && mkdir " + dir).c_str()), 0);
    auto r = run_cmd({wiretrace_bin(), "-ff", "-o", dir + "/t", "--capture=lo", "--capture-filter",
                      "tcp port " + std::to_string(port), "-e", "trace=connect", "--", k_py, "-c", client_code(port)});
    reap(srv, 3000);
    ASSERT_EQ(r.code(), 0) << r.err;
    auto pkts = packet_lines(read_file(dir + "/t.packets"));
    EXPECT_EQ(pkts.size(), 10u) << read_file(dir + "/t.packets");
    (void)!system(("rm -rf " + dir).c_str());
}

TEST(Capture, InAnotherNetworkNamespaceAcrossAVethPair) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    std::string id = std::to_string(getpid() % 100000);
    std::string a = "wcA" + id, b = "wcB" + id, va = "vcA" + id, vb = "vcB" + id;
    ASSERT_TRUE(make_veth_pair(a, b, va, vb)) << "veth pair between namespaces (this machine allows it)";
    std::string out = "/tmp/wt-cap-ns.out", file = "/tmp/wt-cap-ns.pcapng";
    // wiretrace runs here; the command sends from namespace a; the capture is in namespace b
    auto r = run_cmd({wiretrace_bin(),
                      "--capture-netns",
                      "/run/netns/" + b,
                      "--capture=" + vb,
                      "--capture-filter",
                      "udp",
                      "--capture-file",
                      file,
                      "-e",
                      "trace=sendto",
                      "-o",
                      out,
                      "--",
                      "/usr/bin/ip",
                      "netns",
                      "exec",
                      a,
                      k_py,
                      "-c",
                      "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
                      "[s.sendto(b'ping', ('10.77.0.2', 7777)) for i in range(3)]"});
    delete_netns({a, b});
    ASSERT_EQ(r.code(), 0) << r.err;
    auto pkts = packet_lines(read_file(out));
    ASSERT_EQ(pkts.size(), 3u) << read_file(out);
    for (const auto &p : pkts) EXPECT_NE(p.find(" IP 10.77.0.1."), std::string::npos) << p;
    EXPECT_NE(pkts[0].find(" > 10.77.0.2.7777: UDP, length 4"), std::string::npos) << pkts[0];
    auto td = run_cmd({"/usr/bin/tcpdump", "-nn", "-r", file});
    EXPECT_EQ(lines_of(td.out).size(), 3u) << td.out << td.err;
    unlink(out.c_str());
    unlink(file.c_str());
}

TEST(Capture, BadCaptureOptionsFailBeforeTheCommandRuns) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    std::string marker = "/tmp/wt-cap-marker" + std::to_string(getpid());
    struct Case {
        std::vector<std::string> args;
        std::string message;
    } cases[] = {
        {{"--capture=nosuchif0"}, "wiretrace: nosuchif0: "},
        {{"--capture", "--capture-filter", "tcp and and"}, "wiretrace: can't parse filter expression"},
        {{"--capture", "--capture-file", "/nonexistent/x.pcapng"}, "wiretrace: /nonexistent/x.pcapng: No such file"},
        {{"--capture-netns", "/nonexistent/ns"}, "wiretrace: --capture-netns /nonexistent/ns: No such file"},
        {{"--capture", "--capture-plugin", "/bin/true"}, "wiretrace: cannot load capture plugin"},
        {{"--snaplen", "-3"}, "wiretrace: invalid snapshot length '-3'"},
    };
    for (const auto &c : cases) {
        std::vector<std::string> argv{wiretrace_bin()};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        argv.insert(argv.end(), {"--", "/usr/bin/touch", marker});
        auto r = run_cmd(argv);
        EXPECT_NE(r.code(), 0) << c.message;
        EXPECT_EQ(r.err.rfind(c.message, 0), 0u) << r.err;
        EXPECT_NE(access(marker.c_str(), F_OK), 0) << "the command ran: " << c.message;
        unlink(marker.c_str());
    }
}

TEST(Capture, WithoutCaptureNoPluginIsLoaded) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    // the traced shell's parent is wiretrace: look at its mappings
    std::string cmd = "grep -c wiretrace-capture /proc/$PPID/maps; true";
    auto off = run_cmd({wiretrace_bin(), "-e", "trace=none", "--", "/bin/sh", "-c", cmd});
    EXPECT_EQ(off.out, "0\n") << off.err;
    EXPECT_EQ(off.err.find("packets captured"), std::string::npos) << off.err;
    auto on = run_cmd({wiretrace_bin(), "--capture=lo", "-e", "trace=none", "--", "/bin/sh", "-c", cmd});
    EXPECT_NE(on.out, "0\n") << on.err;
}

// -D: the tracer runs as a grandchild; the capture thread runs there, started before the
// command may go on, and the command does not inherit the capture socket.
TEST(Capture, DaemonizedTracerStillCapturesFromTheFirstPacket) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    int port = 46000 + getpid() % 10000;
    pid_t srv = start_server(port, 1);
    std::string out = "/tmp/wt-cap-D.out";
    auto r = run_cmd({wiretrace_bin(), "-D", "--capture=lo", "--capture-filter", "tcp port " + std::to_string(port),
                      "-e", "trace=connect", "-o", out, "--", k_py, "-c", client_code(port)});
    reap(srv, 3000);
    ASSERT_EQ(r.code(), 0) << r.err;
    // the tracer outlives the command for a moment: wait for its trace to be complete
    std::string trace;
    for (int i = 0; i < 300 && packet_lines(trace = read_file(out)).size() < 10; i++) usleep(10000);
    auto pkts = packet_lines(trace);
    ASSERT_EQ(pkts.size(), 10u) << trace;
    EXPECT_NE(pkts[0].find("Flags [S], seq "), std::string::npos) << pkts[0];
    EXPECT_NE(trace.find("connect(3, "), std::string::npos) << "fd 3: no capture socket inherited\n" << trace;
    unlink(out.c_str());
}
