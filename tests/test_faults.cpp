// Faults an unlucky operator meets (issue 16): a capture file on a full disk, the tracer as a
// grandchild (-D) writing a capture file. The command must never pay for them: it runs to its
// end with its own exit status, the problem is said once, and the file stays readable.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <regex>

#include "run_helper.h"

namespace {
// Packets tcpdump reads from a file, or -1 when it reports an error.
int tcpdump_count(const std::string &file) {
    auto r = run_cmd({"/usr/bin/tcpdump", "-nn", "-r", file});
    if (r.code() != 0) return -1;
    return static_cast<int>(lines_of(r.out).size());
}
}  // namespace

TEST(Faults, FullDiskUnderTheCaptureFileNeverHurtsTheCommand) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (a tmpfs mount, capture)";
    if (access("/usr/bin/ping", X_OK) != 0) GTEST_SKIP() << "ping is not installed (iputils-ping)";
    std::string dir = "/tmp/wt-full-" + std::to_string(getpid());
    ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
    ASSERT_EQ(mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m"), 0) << strerror(errno);
    std::string file = dir + "/x.pcapng";
    auto r = run_cmd({wiretrace_bin(), "--capture=lo", "--capture-all", "--capture-file", file, "-o", "/dev/null", "--",
                      "/usr/bin/ping", "-q", "-c", "1500", "-i", "0.001", "-s", "1400", "127.0.0.1"},
                     120);
    EXPECT_EQ(r.code(), 0) << "the command's own status: " << r.err;
    // (ran to its end: all sent; a reply may be lost under load, the raw socket sees every ping)
    EXPECT_NE(r.out.find("1500 packets transmitted, "), std::string::npos) << r.out;
    std::regex once(
        R"(wiretrace: .*x\.pcapng: No space left on device; the capture file ends after its last whole packet \((\d+) packets\), tracing goes on)");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.err, m, once)) << r.err;
    EXPECT_EQ(r.err.find("No space left", r.err.find("No space left") + 1), std::string::npos)
        << "said once: " << r.err;
    int kept = std::stoi(m[1]);
    EXPECT_GT(kept, 100);
    EXPECT_EQ(tcpdump_count(file), kept) << "the file ends after a whole packet";
    auto ts = run_cmd({"/usr/bin/tshark", "-r", file});
    EXPECT_EQ(ts.code(), 0) << ts.err;
    EXPECT_EQ(umount(dir.c_str()), 0);
    rmdir(dir.c_str());
}

// -D: the tracer is a grandchild, forked after the capture file was opened; it writes the file
// and ends with the command, for short and long captures alike (it used to hang in the writer,
// or abort joining a thread that stayed in the parent).
TEST(Faults, DaemonizedTracerWritesItsCaptureFileAndEnds) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    if (access("/usr/bin/ping", X_OK) != 0) GTEST_SKIP() << "ping is not installed (iputils-ping)";
    for (const char *d : {"-D", "-DD", "-DDD"}) {
        for (int count : {2, 600}) {
            std::string file = "/tmp/wt-daemon-" + std::to_string(getpid()) + "-" + std::to_string(count) + ".pcapng";
            std::string trace = file + ".trace";
            // (an address of its own in 127/8: other tests ping 127.0.0.1 meanwhile)
            auto r = run_cmd({wiretrace_bin(),
                              d,
                              "--capture=lo",
                              "--capture-all",
                              "--capture-filter",
                              "icmp and host 127.0.0.3",
                              "--capture-file",
                              file,
                              "-o",
                              trace,
                              "--",
                              "/usr/bin/ping",
                              "-q",
                              "-c",
                              std::to_string(count),
                              "-i",
                              count > 2 ? "0.002" : "0.2",
                              "-s",
                              "1400",
                              "127.0.0.3"},
                             60);
            EXPECT_EQ(r.code(), 0) << d << " " << r.err;
            // the tracer ends after the command, on its own: the file is complete soon after
            // (the trace and the file are closed one after the other: wait for both)
            int got = -1;
            bool ended = false;
            for (int i = 0; i < 100 && (got != 2 * count || !ended); i++) {
                usleep(100000);
                got = tcpdump_count(file);
                ended = read_file(trace).find("+++ exited with 0 +++") != std::string::npos;
            }
            EXPECT_EQ(got, 2 * count) << d << " ping -c " << count;
            EXPECT_TRUE(ended) << d << "\n" << read_file(trace);
            EXPECT_EQ(read_file(trace).find("terminate called"), std::string::npos);
            unlink(file.c_str());
            unlink(trace.c_str());
        }
    }
}

// A trace file that cannot be written (/dev/full, a full disk): said once, the command runs on
// and wiretrace exits with its status.
TEST(Faults, FailingTraceOutputIsSaidOnceAndTheCommandsStatusKept) {
    auto r = run_cmd({wiretrace_bin(), "-f", "-o", "/dev/full", "/bin/sh", "-c",
                      "for i in 1 2 3 4 5 6 7 8; do echo $i >/dev/null; done; exit 3"});
    EXPECT_EQ(r.code(), 3) << r.err;
    std::string said = "wiretrace: /dev/full: write error: No space left on device; the trace is incomplete\n";
    EXPECT_NE(r.err.find(said), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(said, r.err.find(said) + 1), std::string::npos) << "once: " << r.err;
}

namespace {
// A classic pcap (raw IPv4) of `n` small UDP datagrams, as bytes.
std::string small_pcap(int n) {
    std::string f;
    auto put32 = [&](uint32_t v) { f.append(reinterpret_cast<const char *>(&v), 4); };
    auto put16 = [&](uint16_t v) { f.append(reinterpret_cast<const char *>(&v), 2); };
    put32(0xa1b2c3d4);
    put16(2);
    put16(4);
    put32(0);
    put32(0);
    put32(65535);
    put32(101);  // LINKTYPE_RAW
    for (int i = 0; i < n; i++) {
        const unsigned char ip[28] = {0x45, 0, 0,  28, 0, 1, 0,    0,    64,   17,   0, 0, 10, 9,
                                      0,    1, 10, 9,  0, 2, 0x03, 0xe8, 0x07, 0xd0, 0, 8, 0,  0};
        put32(1700000000u + static_cast<uint32_t>(i));
        put32(0);
        put32(28);
        put32(28);
        f.append(reinterpret_cast<const char *>(ip), sizeof ip);
    }
    return f;
}
}  // namespace

// wiredump -r from a pipe that stalls (issue 16 #3): on a terminal each packet is shown as it is
// read, and Ctrl-C ends the reading with what it has (it used to wait for the end of the file
// and ignore the signal).
TEST(Faults, WiredumpReadingAStalledPipeShowsPacketsAndStopsOnCtrlC) {
    if (access("/usr/bin/script", X_OK) != 0) GTEST_SKIP() << "script(1) is not installed (bsdutils)";
    std::string dir = "/tmp/wt-stall-" + std::to_string(getpid());
    ASSERT_EQ(system(("rm -rf " + dir + " && mkdir " + dir + " && mkfifo " + dir + "/fifo").c_str()), 0);
    {
        FILE *f = fopen((dir + "/five.pcap").c_str(), "wb");
        ASSERT_TRUE(f);
        std::string p = small_pcap(5);
        fwrite(p.data(), 1, p.size(), f);
        fclose(f);
    }
    // the writer sends five packets, then holds the pipe open
    pid_t writer = spawn_bg({"/bin/sh", "-c", "cat " + dir + "/five.pcap; sleep 30"}, dir + "/fifo", "/dev/null");
    // wiredump on a terminal (script gives it one), reading the pipe
    std::string wd = build_dir() + "/wiredump -nn -r " + dir + "/fifo";
    pid_t reader = spawn_bg({"/usr/bin/script", "-qfc", wd, dir + "/screen"}, "/dev/null", "/dev/null");
    int shown = 0;
    for (int i = 0; i < 50 && shown < 5; i++) {
        usleep(100000);
        shown = 0;
        for (const auto &l : lines_of(read_file(dir + "/screen")))
            shown += l.find("IP 10.9.0.1.1000 > 10.9.0.2.2000: UDP, length 0") != std::string::npos;
    }
    EXPECT_EQ(shown, 5) << "each packet on the screen while the pipe stalls: " << read_file(dir + "/screen");
    // Ctrl-C (to wiredump itself, the script's child) ends it
    auto pids = run_cmd({"/usr/bin/pgrep", "-f", "^" + build_dir() + "/wiredump -nn -r " + dir + "/fifo"});
    ASSERT_FALSE(pids.out.empty());
    pid_t wdp = std::stoi(pids.out);
    kill(wdp, SIGINT);
    int status = 0;
    for (int i = 0; i < 30 && kill(wdp, 0) == 0; i++) usleep(100000);
    EXPECT_NE(kill(wdp, 0), 0) << "wiredump still runs after SIGINT";
    (void)status;
    reap(reader, 3000);
    kill(writer, SIGKILL);
    reap(writer, 3000);
    EXPECT_EQ(system(("rm -rf " + dir).c_str()), 0);
}

// SIGKILL of wiretrace (issue 16 #5): the launched command runs on to its end, as under
// strace; with the seccomp filter it goes too (its filtered calls would fail without a tracer).
TEST(Faults, KilledTracerLeavesTheCommandRunning) {
    for (bool seccomp : {false, true}) {
        std::string mark = "/tmp/wt-killed-" + std::to_string(getpid()) + (seccomp ? "-s" : "");
        unlink(mark.c_str());
        std::vector<std::string> argv{wiretrace_bin(), "-f", "-o", "/dev/null"};
        if (seccomp) argv.push_back("--seccomp-bpf");
        for (const char *a : {"/bin/sh", "-c"}) argv.push_back(a);
        argv.push_back("sleep 1; echo done > " + mark);
        pid_t w = spawn_bg(argv, "/dev/null", "/dev/null");
        usleep(300000);
        kill(w, SIGKILL);
        reap(w, 2000);
        usleep(2000000);
        if (seccomp)
            EXPECT_EQ(access(mark.c_str(), F_OK), -1)
                << "the command went with the tracer (its seccomp filter needs one)";
        else
            EXPECT_EQ(read_file(mark), "done\n") << "the command ran to its end";
        unlink(mark.c_str());
    }
}

// A capture of a link type wiredump has no printer for prints as tcpdump's does (UNSUPPORTED
// and the frame in hex); one no libpcap knows is refused, with tcpdump's words and status.
TEST(Faults, WiredumpUnknownLinkTypesAsTcpdump) {
    auto file = [](uint32_t linktype) {
        std::string path = "/tmp/wt-lt-" + std::to_string(getpid()) + "-" + std::to_string(linktype) + ".pcap";
        std::string f = small_pcap(0);
        std::memcpy(&f[20], &linktype, 4);
        uint32_t rec[4] = {1700000000, 5, 4, 4};
        f.append(reinterpret_cast<const char *>(rec), sizeof rec);
        f += "abcd";
        FILE *fp = fopen(path.c_str(), "wb");
        fwrite(f.data(), 1, f.size(), fp);
        fclose(fp);
        return path;
    };
    std::string user0 = file(147), bogus = file(4000);
    auto r = run_cmd({build_dir() + "/wiredump", "-nn", "-tt", "-r", user0});
    EXPECT_EQ(r.code(), 0) << r.err;
    EXPECT_EQ(r.out, "1700000000.000005 UNSUPPORTED\n\t0x0000:  6162 6364                                abcd\n");
    EXPECT_NE(r.err.find("link-type 147, snapshot length"), std::string::npos) << r.err;
    r = run_cmd({build_dir() + "/wiredump", "-nn", "-r", bogus});
    EXPECT_EQ(r.code(), 1);
    EXPECT_NE(r.err.find("wiredump: unknown data link type 4000 (min 104, max 289)\n"), std::string::npos) << r.err;
    unlink(user0.c_str());
    unlink(bogus.c_str());
}

// Plugin trust (issue 16 #8): a plugin anyone else can change is refused before it is loaded
// (its constructor would run with our privileges); installed with file capabilities, wiredump
// loads only its installed plugin, and gives the capabilities up once the capture is open.
TEST(Faults, UntrustedPluginsAreRefusedAndRaisedPrivilegesDropped) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (chown, setcap)";
    std::string plugin = build_dir() + "/plugins/wiretrace-capture-pcap.so";
    std::string dir = "/tmp/wt-trust-" + std::to_string(getpid());
    ASSERT_EQ(system(("rm -rf " + dir + " && mkdir -p " + dir + "/plugins && chmod 755 " + dir + " && cp " + plugin +
                      " " + dir + "/p.so")
                         .c_str()),
              0);
    auto refused = [&](const std::string &why) {
        auto r = run_cmd({wiretrace_bin(), "--capture-plugin", dir + "/p.so", "-o", "/dev/null", "true"});
        EXPECT_EQ(r.code(), 1) << why;
        EXPECT_NE(r.err.find("wiretrace: refusing capture plugin '" + dir + "/p.so': " + why), std::string::npos)
            << r.err;
    };
    ASSERT_EQ(chmod((dir + "/p.so").c_str(), 0666), 0);
    refused("it is writable by group or others");
    ASSERT_EQ(chmod((dir + "/p.so").c_str(), 0644), 0);
    ASSERT_EQ(chown((dir + "/p.so").c_str(), 65534, 65534), 0);
    refused("it belongs to uid 65534, neither root nor you");
    ASSERT_EQ(chown((dir + "/p.so").c_str(), 0, 0), 0);
    ASSERT_EQ(chmod(dir.c_str(), 0777), 0);
    refused("its directory " + dir + " can be changed by others");
    ASSERT_EQ(chmod(dir.c_str(), 0755), 0);
    auto ok = run_cmd({wiretrace_bin(), "--capture-plugin", dir + "/p.so", "-o", "/dev/null", "true"});
    EXPECT_EQ(ok.code(), 0) << ok.err;

    if (access("/usr/sbin/setcap", X_OK) != 0 || access("/usr/bin/setpriv", X_OK) != 0)
        GTEST_SKIP() << "setcap (libcap2-bin) or setpriv (util-linux) missing";
    ASSERT_EQ(system(("cp " + build_dir() + "/wiredump " + dir + "/ && cp " + plugin + " " + dir +
                      "/plugins/ && setcap cap_net_raw,cap_net_admin+ep " + dir + "/wiredump")
                         .c_str()),
              0);
    std::vector<std::string> as_nobody{"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                       dir + "/wiredump"};
    auto argv = as_nobody;
    argv.insert(argv.end(), {"--capture-plugin", dir + "/p.so", "-D"});
    auto r = run_cmd(argv);
    EXPECT_EQ(r.code(), 1);
    EXPECT_NE(r.err.find("running with raised privileges, only the installed plugin"), std::string::npos) << r.err;
    // its own plugin captures, with no capability left once the capture is open
    argv = as_nobody;
    argv.insert(argv.end(), {"-i", "lo", "-c", "2", "icmp and host 127.0.0.7"});
    pid_t w = spawn_bg(argv, dir + "/out", dir + "/err");
    for (int i = 0; i < 50 && read_file(dir + "/err").find("listening on") == std::string::npos; i++) usleep(100000);
    auto caps =
        run_cmd({"/bin/sh", "-c", "grep CapEff /proc/$(pgrep -f '^" + dir + "/wiredump -i lo' | head -1)/status"});
    EXPECT_NE(caps.out.find("CapEff:\t0000000000000000"), std::string::npos) << caps.out;
    run_cmd({"/usr/bin/ping", "-c", "1", "127.0.0.7"});
    EXPECT_EQ(reap(w, 5000), 0);
    EXPECT_EQ(lines_of(read_file(dir + "/out")).size(), 2u) << read_file(dir + "/out") << read_file(dir + "/err");
    EXPECT_EQ(system(("rm -rf " + dir).c_str()), 0);
}

// SIGKILL in the middle of a capture (issue 16 #9): the file holds what was captured up to
// about a second before, not nothing (a whole 4 MiB buffer used to stay in memory).
TEST(Faults, KilledCaptureKeepsAllButTheLastSecond) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    if (access("/usr/bin/ping", X_OK) != 0) GTEST_SKIP() << "ping is not installed (iputils-ping)";
    for (bool tracer : {false, true}) {
        std::string file = "/tmp/wt-killcap-" + std::to_string(getpid()) + (tracer ? "-t" : "-d") + ".pcapng";
        std::vector<std::string> ping{"/usr/bin/ping", "-q", "-c", "1500", "-i", "0.002", "127.0.0.9"};
        std::vector<std::string> argv;
        if (tracer)
            argv = {wiretrace_bin(),
                    "-o",
                    "/dev/null",
                    "--capture=lo",
                    "--capture-all",
                    "--capture-filter",
                    "icmp and host 127.0.0.9",
                    "--capture-file",
                    file,
                    "--"};
        else
            argv = {build_dir() + "/wiredump", "-i", "lo", "-w", file, "icmp and host 127.0.0.9"};
        pid_t pinger = -1;
        if (tracer) {
            argv.insert(argv.end(), ping.begin(), ping.end());
        }
        pid_t cap = spawn_bg(argv, "/dev/null", file + ".err");
        if (!tracer) {
            usleep(500000);
            pinger = spawn_bg(ping, "/dev/null", "/dev/null");
        }
        usleep(2500000);
        kill(cap, SIGKILL);
        reap(cap, 2000);
        if (pinger > 0) reap(pinger, 5000);
        auto r = run_cmd({"/usr/bin/tcpdump", "-nn", "-r", file});
        size_t frames = lines_of(r.out).size();
        // ~2 s of pinging (2 frames per 2 ms) before the kill; at most about a second lost
        EXPECT_GT(frames, 700u) << (tracer ? "wiretrace" : "wiredump") << ": " << r.err;
        unlink(file.c_str());
        unlink((file + ".err").c_str());
    }
}

// A task killed inside a call whose decoder still had its exit to print (issue 16 #10): strace's
// " <unfinished ...>" before ") = ?"; a call printed whole at entry (pause, exit_group) has none.
TEST(Faults, KilledInsideACallEndsItsLineAsStrace) {
    std::string out = "/tmp/wt-killed-in-" + std::to_string(getpid());
    pid_t w = spawn_bg({wiretrace_bin(), "-o", out, "/bin/sleep", "100"}, "/dev/null", "/dev/null");
    for (int i = 0; i < 50 && read_file(out).find("clock_nanosleep(") == std::string::npos; i++) usleep(100000);
    auto child = run_cmd({"/usr/bin/pgrep", "-P", std::to_string(w), "sleep"});
    ASSERT_FALSE(child.out.empty()) << read_file(out);
    kill(std::stoi(child.out), SIGKILL);
    reap(w, 5000);
    std::string trace = read_file(out);
    EXPECT_TRUE(has_line(trace, "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=100, tv_nsec=0},  <unfinished ...>) = ?"))
        << trace;
    EXPECT_TRUE(has_line(trace, "+++ killed by SIGKILL +++")) << trace;
    unlink(out.c_str());
}

// The capture interface is deleted mid-capture (issue 16 #13): wiredump says so and still
// prints tcpdump's closing statistics, exit 1, as tcpdump; wiretrace says it once, at once,
// and the command runs on with its own exit status.
TEST(Faults, VanishingInterface) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (veth, capture)";
    std::string a = "wtva" + std::to_string(getpid() % 100000), b = "wtvb" + std::to_string(getpid() % 100000);
    auto veth = [&] {
        return system(("ip link add " + a + " type veth peer name " + b + " && ip link set " + a + " up").c_str()) == 0;
    };
    ASSERT_TRUE(veth());
    std::string dir = "/tmp/wt-vanish-" + std::to_string(getpid());
    ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
    pid_t wd = spawn_bg({build_dir() + "/wiredump", "-i", a}, dir + "/wd.out", dir + "/wd.err");
    for (int i = 0; i < 50 && read_file(dir + "/wd.err").find("listening on") == std::string::npos; i++) usleep(100000);
    ASSERT_EQ(system(("ip link del " + a).c_str()), 0);
    int st = reap(wd, 5000);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 1) << st;
    EXPECT_NE(read_file(dir + "/wd.err").find("wiredump: The interface disappeared\n0 packets captured\n"),
              std::string::npos)
        << read_file(dir + "/wd.err");

    ASSERT_TRUE(veth());
    pid_t wt = spawn_bg({wiretrace_bin(), "-o", "/dev/null", "--capture=" + a, "/bin/sh", "-c", "sleep 2; exit 7"},
                        dir + "/wt.out", dir + "/wt.err");
    usleep(700000);
    ASSERT_EQ(system(("ip link del " + a).c_str()), 0);
    // said while the command still runs, not at its end
    bool said = false;
    for (int i = 0; i < 10 && !said; i++) {
        usleep(100000);
        said = read_file(dir + "/wt.err").find("capture failed: The interface disappeared; tracing goes on") !=
               std::string::npos;
    }
    EXPECT_TRUE(said) << read_file(dir + "/wt.err");
    st = reap(wt, 5000);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 7) << st;
    std::string err = read_file(dir + "/wt.err");
    EXPECT_EQ(err.find("capture failed", err.find("capture failed") + 1), std::string::npos) << "once: " << err;
    EXPECT_EQ(system(("rm -rf " + dir).c_str()), 0);
}
