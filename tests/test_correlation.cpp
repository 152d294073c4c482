// Packet-to-syscall attribution against ground truth: progs/corr_truth logs every socket call it
// makes (pid, fd, ports, bytes); wiretrace -f --capture traces it while an untraced loopback
// exchange runs beside it. Every packet of the traced flows must name the right pid and fd for
// both ends, every data segment the send call(s) that wrote it; the bytes the send and receive
// notes account per (pid, fd) must equal what the program logged; no foreign packet may appear;
// the pcapng comments carry the same attribution (read back by tshark).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "run_helper.h"

namespace {

struct Truth {
    struct Conn {
        int pid, fd, lport, rport;
    };
    std::vector<Conn> conns;
    std::map<std::pair<int, int>, long> sent, received;  // (pid, fd) -> bytes
};

Truth read_truth(const std::string &path) {
    Truth t;
    std::istringstream in(read_file(path));
    std::string kind;
    while (in >> kind) {
        if (kind == "conn") {
            Truth::Conn c{};
            in >> c.pid >> c.fd >> c.lport >> c.rport;
            t.conns.push_back(c);
        } else {
            int pid, fd;
            long n;
            in >> pid >> fd >> n;
            (kind == "send" ? t.sent : t.received)[{pid, fd}] += n;
        }
    }
    return t;
}

// Whether (pid, fd) held the socket whose local port is `lport` (and remote `rport`, if the
// truth knows it: an unconnected UDP socket has none).
bool owns(const Truth &t, int pid, int fd, int lport, int rport) {
    for (const auto &c : t.conns)
        if (c.pid == pid && c.fd == fd && c.lport == lport && (c.rport == 0 || c.rport == rport)) return true;
    return false;
}

}  // namespace

TEST(Correlation, EveryPacketToTheRightProcessFdAndCallAgainstGroundTruth) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    std::string tag = std::to_string(getpid());
    std::string log = "/tmp/wt-truth-" + tag + ".log", out = "/tmp/wt-truth-" + tag + ".trace",
                file = "/tmp/wt-truth-" + tag + ".pcapng";
    // a foreign flow on the same interface at the same time: not traced, so not shown
    int foreign_port = 24000 + getpid() % 1000;  // (below the ephemeral range; other tests: 43000-53999)
    std::string foreign =
        "import socket,threading,time\n"
        "s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('127.0.0.1'," +
        std::to_string(foreign_port) +
        "));s.listen()\n"
        "def cl():\n"
        "  for i in range(40):\n"
        "    c=socket.create_connection(('127.0.0.1'," +
        std::to_string(foreign_port) +
        "));c.send(b'foreign');c.close();time.sleep(0.02)\n"
        "threading.Thread(target=cl).start()\n"
        "for i in range(40):\n"
        "  a,_=s.accept();a.recv(10);a.close()\n";
    pid_t bg = spawn_bg({"/usr/bin/python3", "-c", foreign}, "/dev/null", "/dev/null");
    auto r = run_cmd({wiretrace_bin(), "-f", "-qq", "-e", "trace=network", "--capture=lo", "--capture-file", file,
                      "--show-packets", "-o", out, "--", prog("corr_truth"), log},
                     120);
    reap(bg, 10000);
    ASSERT_EQ(r.code(), 0) << r.err;
    Truth truth = read_truth(log);
    ASSERT_GE(truth.conns.size(), 20u);
    std::string trace = read_file(out);

    // a packet the kernel dropped before the capture saw it cannot be listed under its call
    std::smatch dm;
    long dropped = std::regex_search(r.err, dm, std::regex(R"((\d+) dropped by kernel)")) ? std::stol(dm[1]) : -1;
    ASSERT_GE(dropped, 0) << r.err;
    std::regex pkt_re(
        R"(^## [\d:.]+ ((?:\[pid \d+ fd \d+(?: [\w#,]+)?\] )+)IP 127\.0\.0\.1\.(\d+) > 127\.0\.0\.1\.(\d+): (.*)$)");
    std::regex grp_re(R"(\[pid (\d+) fd (\d+)(?: ([\w#,]+))?\])");
    std::regex note_re(R"(^## (\w+)#(\d+) \[pid (\d+) fd (\d+)\] (\d+) bytes (out|in): (.*)$)");
    size_t packets = 0, data = 0;
    std::map<std::pair<int, int>, long> noted_out, noted_in;
    std::set<std::string> calls_on_packets, calls_in_notes;
    for (const auto &l : lines_of(trace)) {
        std::smatch m;
        if (std::regex_match(l, m, pkt_re)) {
            packets++;
            int sport = std::stoi(m[2]), dport = std::stoi(m[3]);
            EXPECT_NE(sport, foreign_port) << l;
            EXPECT_NE(dport, foreign_port) << l;
            std::string groups = m[1], rest = m[4];
            bool is_data = rest.find(", length 0") == std::string::npos && rest.find("length ") != std::string::npos &&
                           rest.find("[S") == std::string::npos;
            // both ends are traced: the sender's group, then the receiver's
            std::vector<std::smatch> gs;
            for (auto it = std::sregex_iterator(groups.begin(), groups.end(), grp_re); it != std::sregex_iterator();
                 ++it)
                gs.push_back(*it);
            ASSERT_EQ(gs.size(), 2u) << "both ends are traced: " << l;
            int spid = std::stoi(gs[0][1]), sfd = std::stoi(gs[0][2]);
            int rpid = std::stoi(gs[1][1]), rfd = std::stoi(gs[1][2]);
            EXPECT_TRUE(owns(truth, spid, sfd, sport, dport)) << "sender " << spid << "/" << sfd << ": " << l;
            EXPECT_TRUE(owns(truth, rpid, rfd, dport, sport)) << "receiver " << rpid << "/" << rfd << ": " << l;
            if (is_data) {
                data++;
                std::string calls = gs[0][3];
                // a resent segment (under load) is the kernel's when it brings no new byte, its
                // call's when it does: either is right
                if (rest.find("Retransmission]") != std::string::npos ||
                    rest.find("[TCP Out-Of-Order]") != std::string::npos)
                    continue;
                ASSERT_FALSE(calls.empty() || calls == "kernel") << "a data segment without its call: " << l;
                std::stringstream ss(calls);
                std::string c;
                while (std::getline(ss, c, ',')) calls_on_packets.insert(c);
            }
        } else if (std::regex_match(l, m, note_re)) {
            std::pair<int, int> key{std::stoi(m[3]), std::stoi(m[4])};
            (m[6] == "out" ? noted_out : noted_in)[key] += std::stol(m[5]);
            if (dropped == 0) {
                EXPECT_NE(std::string(m[7]).find('#'), std::string::npos)
                    << "a call whose packets were not found: " << l;
            }
            if (m[6] == "out") calls_in_notes.insert(std::string(m[1]) + "#" + std::string(m[2]));
        } else if (l.rfind("## ", 0) == 0) {
            ADD_FAILURE() << "a packet outside the traced flows: " << l;
        }
    }
    EXPECT_GT(data, 40u);
    EXPECT_EQ(noted_out, truth.sent) << "bytes each (pid, fd) sent, by the notes and by the program's own log";
    EXPECT_EQ(noted_in, truth.received) << "bytes each (pid, fd) received";
    EXPECT_EQ(calls_on_packets, calls_in_notes) << "the calls named on packet lines are the calls with send notes";
    EXPECT_NE(r.err.find("; " + std::to_string(packets) + " of the traced sockets shown"), std::string::npos) << r.err;

    // the file carries the same attribution in each packet's comment
    if (access("/usr/bin/tshark", X_OK) == 0) {
        auto ts = run_cmd({"/usr/bin/tshark", "-r", file, "-Y", "frame.comment contains \"pid=\"", "-T", "fields", "-e",
                           "frame.comment"});
        ASSERT_EQ(ts.code(), 0) << ts.err;
        auto comments = lines_of(ts.out);
        EXPECT_EQ(comments.size(), packets);
        std::regex c_re(
            R"(^pid=\d+ comm=corr_truth tid=\d+ fd=\d+( syscall=[\w#,]+| sent_by=kernel)? dir=out; pid=\d+ comm=corr_truth tid=\d+ fd=\d+ dir=in$)");
        for (const auto &c : comments) EXPECT_TRUE(std::regex_match(c, c_re)) << c;
    }
    unlink(log.c_str());
    unlink(out.c_str());
    unlink(file.c_str());
}

// --capture-all shows the foreign flow too, without attribution; the traced one keeps it.
TEST(Correlation, CaptureAllShowsForeignFlowsUnattributed) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    int port = 26000 + 2 * (getpid() % 1000), fport = port + 1;  // (below the ephemeral range)
    auto exchange = [](int p, int rounds) {
        return "import socket,threading,time\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);"
               "s.bind(('127.0.0.1'," +
               std::to_string(p) + "));s.listen()\ndef cl():\n  for i in range(" + std::to_string(rounds) +
               "):\n    c=socket.create_connection(('127.0.0.1'," + std::to_string(p) +
               "));c.send(b'hi');c.recv(10);c.close();time.sleep(0.05)\n"
               "threading.Thread(target=cl).start()\nfor i in range(" +
               std::to_string(rounds) + "):\n  a,_=s.accept();a.recv(10);a.send(b'ok');a.close()\n";
    };
    pid_t bg = spawn_bg({"/usr/bin/python3", "-c", exchange(fport, 20)}, "/dev/null", "/dev/null");
    std::string filter = "tcp port " + std::to_string(port) + " or tcp port " + std::to_string(fport);
    auto r = run_cmd({wiretrace_bin(), "-f", "-qq", "-e", "trace=none", "--capture=lo", "--capture-all",
                      "--capture-filter", filter, "--", "/usr/bin/python3", "-c", exchange(port, 3)});
    reap(bg, 5000);
    ASSERT_EQ(r.code(), 0) << r.err;
    int attributed = 0, bare = 0;
    for (const auto &l : lines_of(r.err)) {
        if (l.rfind("## ", 0) != 0 || l.find(" IP ") == std::string::npos) continue;
        bool ours = l.find("." + std::to_string(port) + " ") != std::string::npos ||
                    l.find("." + std::to_string(port) + ":") != std::string::npos;
        bool has = l.find(" [pid ") != std::string::npos;
        EXPECT_EQ(ours, has) << l;
        (has ? attributed : bare)++;
    }
    EXPECT_GE(attributed, 3 * 9) << r.err;  // every packet of the traced exchange
    EXPECT_GT(bare, 0) << r.err;            // and the foreign one, shown bare
    // without --capture-all the foreign flow is not shown at all
    bg = spawn_bg({"/usr/bin/python3", "-c", exchange(fport, 20)}, "/dev/null", "/dev/null");
    r = run_cmd({wiretrace_bin(), "-f", "-qq", "-e", "trace=none", "--capture=lo", "--capture-filter", filter, "--",
                 "/usr/bin/python3", "-c", exchange(port, 3)});
    reap(bg, 5000);
    for (const auto &l : lines_of(r.err)) {
        if (l.rfind("## ", 0) == 0 && l.find(" IP ") != std::string::npos) {
            EXPECT_NE(l.find(" [pid "), std::string::npos) << l;
        }
    }
}

// --json: every line is one JSON object (python's json module is the judge); the packets'
// owners name syscalls that are in the stream, the call_packets objects name frames that are,
// every data packet of the exchange is owned by the send that wrote it, and the connections
// and capture statistics close the stream, then the kernel's counters over the run.
TEST(Correlation, JsonLinesLinkSyscallsAndPackets) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    std::string out = "/tmp/wt-json-" + std::to_string(getpid()) + ".json";
    auto r = run_cmd({wiretrace_bin(), "-f", "-qq", "-e", "trace=network", "--capture=lo", "--json", "--net-summary",
                      "-o", out, "--", prog("http_pair")});
    ASSERT_EQ(r.code(), 0) << r.err;
    const char *check = R"(
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
assert all(o["v"] == 1 for o in objs)
sys_seq = {o["seq"]: o for o in objs if o["type"] == "syscall"}
frames = {o["frame"]: o for o in objs if o["type"] == "packet"}
assert len(frames) == 10, len(frames)
for p in frames.values():
    assert len(p["owners"]) == 2, p
    for g in p["owners"]:
        for c in g["syscalls"]:
            assert c["seq"] in sys_seq and sys_seq[c["seq"]]["name"] == c["name"], c
    if "length 0" not in p["line"]:
        out = [g for g in p["owners"] if g["dir"] == "out"][0]
        assert [sys_seq[c["seq"]]["name"] for c in out["syscalls"]] == ["sendto"], p
notes = [o for o in objs if o["type"] == "call_packets"]
assert len(notes) == 4, notes
for n in notes:
    assert n["seq"] in sys_seq and n["frames"] and all(f in frames for f in n["frames"]), n
    assert n["bytes"] == sys_seq[n["seq"]]["ret"], n
# (the listener has a row too when the SYN reached it before accept() returned)
conns = [o for o in objs if o["type"] == "connection" and o["remote"] != "*"]
assert len(conns) == 2 and sorted(c["app_out"] for c in conns) == [43, 45], conns
assert objs[-2]["type"] == "capture_stats" and objs[-2]["shown"] == 10, objs[-2]
assert objs[-1]["type"] == "kernel_counters" and objs[-1]["deltas"]["TcpActiveOpens"] >= 1, objs[-1]
print("ok")
)";
    auto c = run_cmd({"/usr/bin/python3", "-c", check, out});
    EXPECT_EQ(c.out, "ok\n") << c.err << read_file(out);
    unlink(out.c_str());
}

// -e status= chooses the JSON records as it chooses the lines.
TEST(Correlation, JsonRecordsFollowStatusFilter) {
    std::string out = "/tmp/wt-json-status-" + std::to_string(getpid()) + ".json";
    auto r = run_cmd(
        {wiretrace_bin(), "--json", "-e", "status=failed", "-o", out, "--", "/bin/cat", "/nonexistent/wiretrace"});
    EXPECT_EQ(r.code(), 1) << r.err;
    const char *check = R"(
import json, sys
calls = [o for o in map(json.loads, open(sys.argv[1])) if o["type"] == "syscall"]
assert calls and all(-4095 <= o["ret"] < 0 for o in calls), calls
assert any(o["name"] == "openat" and "/nonexistent/wiretrace" in o["args"] for o in calls), calls
print("ok")
)";
    auto c = run_cmd({"/usr/bin/python3", "-c", check, out});
    EXPECT_EQ(c.out, "ok\n") << c.err << read_file(out);
    unlink(out.c_str());
}

TEST(Correlation, JsonRefusesWhatItCannotCarry) {
    auto ff = run_cmd({wiretrace_bin(), "--json", "-ff", "-o", "/tmp/x", "true"});
    EXPECT_EQ(ff.code(), 1);
    EXPECT_NE(ff.err.find("wiretrace: --json and -ff/--output-separately are mutually exclusive"), std::string::npos)
        << ff.err;
    auto c = run_cmd({wiretrace_bin(), "--json", "-c", "true"});
    EXPECT_EQ(c.code(), 1);
    EXPECT_NE(c.err.find("wiretrace: --json and -c/-C (the summary table) are mutually exclusive"), std::string::npos)
        << c.err;
}

// -p on a process whose connection is already open: the sockets are found from /proc/PID/fd at
// attach, the stream offsets anchored at the first call made with nothing queued; from then on
// every data segment names its send call, and the process runs on after the detach.
TEST(Correlation, AttachToOpenConnections) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    std::string code =
        "import socket,threading,time\n"
        "s=socket.socket();s.bind(('127.0.0.1',0));s.listen()\n"
        "def srv():\n"
        "  a,_=s.accept()\n"
        "  while True:\n"
        "    d=a.recv(100)\n"
        "    if not d: break\n"
        "    a.send(d.upper())\n"
        "threading.Thread(target=srv,daemon=True).start()\n"
        "c=socket.create_connection(s.getsockname())\n"
        "print('ready',flush=True)\n"
        "for i in range(60):\n"
        "  c.send(b'ping %02d'%i);assert c.recv(100)==b'PING %02d'%i;time.sleep(0.04)\n";
    std::string outp = "/tmp/wt-attach-" + std::to_string(getpid());
    pid_t py = spawn_bg({"/usr/bin/python3", "-c", code}, outp + ".out", outp + ".err");
    for (int i = 0; i < 100 && read_file(outp + ".out").find("ready") == std::string::npos; i++) usleep(20000);
    usleep(200000);  // well into the exchange
    auto r = run_cmd({"/usr/bin/timeout", "-s", "INT", "1.2", wiretrace_bin(), "-p", std::to_string(py), "-f",
                      "--capture=lo", "--show-packets", "-e", "trace=network", "-o", outp + ".trace"});
    EXPECT_EQ(reap(py, 10000), 0) << "the process runs on to its end after the detach";
    std::string trace = read_file(outp + ".trace");
    std::regex pkt_re(R"(^## [\d:.]+ \[pid (\d+) fd (\d+)( [\w#,]+)?\] \[pid \d+ fd \d+\] IP .* length (\d+)$)");
    std::vector<std::string> data;  // the call (or "") of each data segment
    for (const auto &l : lines_of(trace)) {
        std::smatch m;
        if (l.rfind("## ", 0) == 0 && l.find(" IP ") != std::string::npos) {
            ASSERT_TRUE(std::regex_match(l, m, pkt_re)) << "both ends are in the traced process: " << l;
            EXPECT_EQ(std::stoi(m[1]), py) << l;
            if (m[4] != "0") data.push_back(m[3]);
        }
    }
    ASSERT_GE(data.size(), 20u) << trace;
    // the first exchange anchors the streams; the last segments may have been sent after the
    // detach (their calls unseen): every one between names its send call
    for (size_t i = 2; i + 2 < data.size(); i++)
        EXPECT_TRUE(data[i].rfind(" sendto#", 0) == 0) << "segment " << i << ": '" << data[i] << "'\n" << trace;
    unlink((outp + ".out").c_str());
    unlink((outp + ".err").c_str());
    unlink((outp + ".trace").c_str());
}

// A tracee in its own network namespace (--capture-netns): its sockets are asked about in
// that namespace (pidfd_getfd reaches them wherever they live), so both ends of its loopback
// exchange are attributed there.
TEST(Correlation, TraceeInItsOwnNetworkNamespace) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (namespaces, capture)";
    std::string ns = "wtcorr" + std::to_string(getpid() % 100000);
    ASSERT_EQ(system(("ip netns add " + ns + " && ip -n " + ns + " link set lo up").c_str()), 0);
    auto r = run_cmd({wiretrace_bin(), "-f", "-qq", "-e", "trace=network", "--capture-netns", "/run/netns/" + ns,
                      "--capture=lo", "--", "/usr/bin/ip", "netns", "exec", ns, prog("http_pair")});
    delete_netns({ns});
    ASSERT_EQ(r.code(), 0) << r.err;
    std::regex two(R"(^## [\d:.]+ \[pid \d+ fd \d+( [\w#,]+)?\] \[pid \d+ fd \d+\] IP 127\.0\.0\.1\..*)");
    int packets = 0;
    for (const auto &l : lines_of(r.err)) {
        if (l.rfind("## ", 0) != 0 || l.find(" IP ") == std::string::npos) continue;
        packets++;
        EXPECT_TRUE(std::regex_match(l, two)) << l;
        if (l.find("length 45") != std::string::npos) {
            EXPECT_NE(l.find(" sendto#"), std::string::npos) << l;
        }
    }
    EXPECT_EQ(packets, 10) << r.err;
}

// A datagram sent in fragments (loopback MTU 1280 in a namespace of the test's): the fragments
// after the first carry no ports, yet each is the sending call's and both sockets', as the first.
TEST(Correlation, EveryFragmentOfADatagramIsItsCallsAndSockets) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (namespaces, capture)";
    std::string ns = "wtfrag" + std::to_string(getpid() % 100000);
    ASSERT_EQ(system(("ip netns add " + ns + " && ip -n " + ns + " link set lo mtu 1280 up").c_str()), 0);
    auto r = run_cmd({wiretrace_bin(), "-f", "-qq", "-e", "trace=network", "--capture-netns", "/run/netns/" + ns,
                      "--capture=lo", "--", "/usr/bin/ip", "netns", "exec", ns, prog("udp_frag")});
    delete_netns({ns});
    ASSERT_EQ(r.code(), 0) << r.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.err, m, std::regex(R"(sendto\(\d+, "x+"\.\.\., 4000,)"))) << r.err;
    std::regex frag(
        R"(^## [\d:.]+ \[pid (\d+) fd (\d+) sendto#\d+\] \[pid \1 fd (\d+)\] IP 127\.0\.0\.1(\.\d+)? > 127\.0\.0\.1(\.4747)?: (UDP, length 4000|ip-proto-17)$)");
    int first = 0, later = 0;
    for (const auto &l : lines_of(r.err)) {
        if (l.rfind("## ", 0) != 0 || l.find(" IP ") == std::string::npos) continue;
        EXPECT_TRUE(std::regex_match(l, frag)) << l;
        (l.find("UDP, length 4000") != std::string::npos ? first : later)++;
    }
    EXPECT_EQ(first, 1) << r.err;
    EXPECT_EQ(later, 3) << r.err;  // 4008 bytes of UDP in 1256-byte pieces
}

// Two processes sharing one descriptor table (clone CLONE_FILES without CLONE_THREAD): the
// child closes the parent's socket and connects a new one at the same number; the parent's
// send on that number is the new connection's, named as the parent's call.
TEST(Correlation, ProcessesSharingADescriptorTable) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    auto r = run_cmd({wiretrace_bin(), "-f", "-qq", "-e", "trace=network", "--capture=lo", "--", prog("clone_files")});
    ASSERT_EQ(r.code(), 0) << r.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(fd (\d+))"))) << r.out;
    std::string fd = m[1];
    ASSERT_NE(r.err.find("sendto(" + fd + ", \"hello-from-parent\""), std::string::npos) << r.err;
    std::regex hello(R"(^## [\d:.]+ \[pid (\d+) fd )" + fd + R"( sendto#\d+\] \[pid \d+ fd \d+\] IP .*, length 17$)");
    int seen = 0;
    for (const auto &l : lines_of(r.err))
        if (l.rfind("## ", 0) == 0 && l.find("length 17") != std::string::npos) {
            EXPECT_TRUE(std::regex_match(l, hello)) << l << "\n" << r.err;
            seen++;
        }
    EXPECT_EQ(seen, 1) << r.err;
}

// A real client nobody here wrote: curl fetching 200 kB from an untraced local server. Every
// packet is curl's socket's, its request names its call, and its receive calls account for
// every byte of the response that reached the wire.
TEST(Correlation, CurlAgainstALocalServer) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    if (access("/usr/bin/curl", X_OK) != 0) GTEST_SKIP() << "curl is not installed";
    std::string dir = "/tmp/wt-curl-" + std::to_string(getpid());
    ASSERT_EQ(system(("mkdir -p " + dir + " && head -c 200000 /dev/zero > " + dir + "/f").c_str()), 0);
    int port = 29000 + getpid() % 1000;  // (below the ephemeral range)
    pid_t srv = spawn_bg({"/usr/bin/python3", "-m", "http.server", "-b", "127.0.0.1", "-d", dir, std::to_string(port)},
                         "/dev/null", "/dev/null");
    for (int i = 0; i < 100; i++) {
        if (run_cmd({"/usr/bin/curl", "-s", "-o", "/dev/null", "http://127.0.0.1:" + std::to_string(port) + "/"})
                .code() == 0)
            break;
        usleep(50000);
    }
    std::string out = dir + "/trace";
    auto r = run_cmd({wiretrace_bin(), "-f", "-qq", "-e", "trace=network", "--capture=lo", "--capture-filter",
                      "tcp port " + std::to_string(port), "--show-packets", "-o", out, "--", "/usr/bin/curl", "-s",
                      "-o", "/dev/null", "http://127.0.0.1:" + std::to_string(port) + "/f"});
    kill(srv, SIGTERM);
    reap(srv, 3000);
    ASSERT_EQ(r.code(), 0) << r.err;
    std::string trace = read_file(out);
    std::regex one(
        R"(^## [\d:.]+ \[pid (\d+) fd (\d+)( [\w#,]+)?\] IP 127\.0\.0\.1\.(\d+) > .*, length (\d+)( \[TCP .*)?$)");
    std::regex note_re(R"(^## (\w+)#\d+ \[pid \d+ fd \d+\] (\d+) bytes (out|in): #.*)");
    std::set<std::string> owners;
    long wire_in = 0, noted_in = 0;
    int packets = 0;
    for (const auto &l : lines_of(trace)) {
        std::smatch m;
        if (l.rfind("## ", 0) == 0 && l.find(" IP ") != std::string::npos) {
            packets++;
            ASSERT_TRUE(std::regex_match(l, m, one)) << "one end is traced: " << l;
            owners.insert(std::string(m[1]) + "/" + std::string(m[2]));
            bool from_server = std::stoi(m[4]) == port;
            if (from_server && l.find("Retransmission") == std::string::npos) wire_in += std::stol(m[5]);
            if (!from_server && m[5] != "0") {
                EXPECT_NE(std::string(m[3]).find('#'), std::string::npos) << l;
            }
        } else if (std::regex_match(l, m, note_re) && m[3] == "in") {
            noted_in += std::stol(m[2]);
        }
    }
    EXPECT_GE(packets, 10) << trace;
    EXPECT_EQ(owners.size(), 1u) << trace;  // curl's one socket
    EXPECT_GT(wire_in, 200000) << trace;
    EXPECT_EQ(noted_in, wire_in) << "the bytes curl's receive calls read are the bytes the server sent";
    EXPECT_EQ(system(("rm -rf " + dir).c_str()), 0);
}

// ping: a raw ICMP socket has no port; its echo identifier, read from the request it sends, is
// what ties requests (to the sendto that sent each) and replies to it.
TEST(Correlation, PingEchoesTiedToTheRawSocketByTheirIdentifier) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    if (access("/usr/bin/ping", X_OK) != 0) GTEST_SKIP() << "ping is not installed (iputils-ping)";
    // (an address of its own: other tests ping meanwhile)
    auto r = run_cmd({wiretrace_bin(), "-qq", "-e", "trace=none", "--capture=lo", "--", "/usr/bin/ping", "-c", "3",
                      "-i", "0.2", "127.0.0.5"});
    ASSERT_EQ(r.code(), 0) << r.err;
    std::regex request(
        R"(^## [\d:.]+ \[pid \d+ fd 3 sendto#\d+\] IP 127\.0\.0\.1 > 127\.0\.0\.5: ICMP echo request, .*)");
    std::regex reply(R"(^## [\d:.]+ \[pid \d+ fd 3\] IP 127\.0\.0\.5 > 127\.0\.0\.1: ICMP echo reply, .*)");
    int requests = 0, replies = 0;
    for (const auto &l : lines_of(r.err)) {
        if (l.rfind("## ", 0) != 0) continue;
        if (std::regex_match(l, request))
            requests++;
        else if (std::regex_match(l, reply))
            replies++;
        else
            ADD_FAILURE() << l;
    }
    EXPECT_EQ(requests, 3) << r.err;
    EXPECT_EQ(replies, 3) << r.err;
}
