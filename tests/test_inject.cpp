// -e inject= and -e fault= on a real tracee: the tracee itself sees the injected errors,
// values, signals, written bytes and delays, on the occurrences `when=` names, counted per
// process; the trace marks them as strace does; bad specs are refused before anything runs.
#include <gtest/gtest.h>

#include <unistd.h>

#include <regex>

#include "run_helper.h"

namespace {
std::string strip_ws(const std::string &s) {
    return std::regex_replace(s, std::regex(" +"), " ");
}
}  // namespace

TEST(Inject, ErrorsOnTheOccurrencesWhenNamesAndTheTraceSaysSo) {
    RunResult r = run_cmd({wiretrace_bin(), "-e", "trace=chdir", "-e", "inject=chdir:error=EACCES:when=2+2",
                           prog("tamper"), "calls", "5"});
    ASSERT_EQ(r.code(), 0) << r.err;
    // the tracee's own view: calls 2 and 4 failed with EACCES, the others ran
    EXPECT_NE(r.out.find("chdir 1: 0 \n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("chdir 2: -1 EACCES\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("chdir 3: 0 \n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("chdir 4: -1 EACCES\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("chdir 5: 0 \n"), std::string::npos) << r.out;
    std::string err = strip_ws(r.err);
    EXPECT_NE(err.find("chdir(\"/\") = -1 EACCES (Permission denied) (INJECTED)\n"), std::string::npos) << r.err;
    EXPECT_NE(err.find("chdir(\"/\") = 0\n"), std::string::npos) << r.err;
}

TEST(Inject, ReturnValuesReachTheTraceeAndFaultDefaultsToEnosys) {
    RunResult r = run_cmd({wiretrace_bin(), "-e", "trace=chdir,getuid", "-e", "inject=getuid:retval=4242:when=1..2",
                           "-e", "fault=chdir:when=3", prog("tamper"), "calls", "3"});
    ASSERT_EQ(r.code(), 0) << r.err;
    EXPECT_NE(r.out.find("getuid 1: 4242\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("getuid 2: 4242\n"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("getuid 3: 4242\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("chdir 3: -1 ENOSYS\n"), std::string::npos) << r.out;
    std::string err = strip_ws(r.err);
    EXPECT_NE(err.find("getuid() = 4242 (INJECTED)\n"), std::string::npos) << r.err;
    EXPECT_NE(err.find("chdir(\"/\") = -1 ENOSYS (Function not implemented) (INJECTED)\n"), std::string::npos) << r.err;
}

TEST(Inject, SignalsAreDeliveredAsTheCallIsEntered) {
    RunResult r = run_cmd({wiretrace_bin(), "-e", "trace=chdir", "-e", "inject=chdir:signal=SIGUSR1:when=2+",
                           prog("tamper"), "signal", "4"});
    ASSERT_EQ(r.code(), 0) << r.err;
    EXPECT_NE(r.out.find("caught 3\n"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_KERNEL} ---"), std::string::npos) << r.err;
}

TEST(Inject, PokeWritesIntoTheArgumentBeforeTheCall) {
    // "/\0": the call now succeeds on the root, and the tracee's buffer shows the bytes
    RunResult r = run_cmd(
        {wiretrace_bin(), "-e", "trace=chdir", "-e", "inject=chdir:poke_enter=@arg1=2f00", prog("tamper"), "poke"});
    ASSERT_EQ(r.code(), 0) << r.err;
    EXPECT_NE(r.out.find("chdir: 0, buf: /\n"), std::string::npos) << r.out;
    EXPECT_NE(strip_ws(r.err).find("chdir(\"/\") = 0 (INJECTED: args)\n"), std::string::npos) << r.err;
}

TEST(Inject, DelaysHoldTheTaskBack) {
    RunResult r = run_cmd({wiretrace_bin(), "-e", "trace=gettimeofday", "-e",
                           "inject=gettimeofday:delay_enter=100ms:delay_exit=0.2s", prog("tamper"), "time"});
    ASSERT_EQ(r.code(), 0) << r.err;
    long us = -1;
    ASSERT_EQ(std::sscanf(r.out.c_str(), "took %ld us", &us), 1) << r.out;
    EXPECT_GE(us, 300000) << r.out;
    EXPECT_NE(r.err.find(" (DELAYED)\n"), std::string::npos) << r.err;
}

TEST(Inject, OccurrencesAreCountedPerProcess) {
    // when=2: each child's own second chdir fails, not the second of the whole tree
    RunResult r = run_cmd({wiretrace_bin(), "-f", "-e", "trace=chdir", "-e", "fault=chdir:error=EPERM:when=2",
                           prog("tamper"), "fork", "3"});
    ASSERT_EQ(r.code(), 0) << r.err;
    EXPECT_EQ(r.out, "child: 0 -1\nchild: 0 -1\nchild: 0 -1\n") << r.err;
}

TEST(Inject, BadSpecsAreRefusedBeforeTheCommandRuns) {
    for (const char *spec : {"inject=chdir", "inject=chdir:when=0:error=1", "inject=chdir:error=ENOPE",
                             "inject=nosuchcall:error=1", "fault=chdir:retval=1", "inject=chdir:poke_enter=@arg9=00"}) {
        RunResult r = run_cmd({wiretrace_bin(), "-e", spec, prog("tamper"), "calls", "1"});
        EXPECT_EQ(r.code(), 1) << spec;
        EXPECT_EQ(r.out, "") << spec;  // the tracee never ran
        EXPECT_EQ(r.err.rfind("wiretrace: invalid ", 0), 0u) << spec << ": " << r.err;
    }
}

TEST(Inject, AReturnValueInTheErrnoRangeIsWarnedAbout) {
    // (the tracee will see it as an error, as under strace, which warns the same way)
    RunResult r = run_cmd({wiretrace_bin(), "-e", "trace=chdir", "-e", "inject=chdir:retval=0xfffffffffffffffe:when=1",
                           prog("tamper"), "calls", "1"});
    ASSERT_EQ(r.code(), 0) << r.err;
    EXPECT_EQ(
        r.err.rfind("wiretrace: Inadvertent injection of error 2 is possible for retval=18446744073709551614\n", 0), 0u)
        << r.err;
    EXPECT_NE(r.out.find("chdir 1: -1 ENOENT\n"), std::string::npos) << r.out;
}

namespace {
// A loopback server for one connection: it runs `body` (Python, `c` the accepted socket).
pid_t python_server(int port, const std::string &body) {
    std::string out = "/tmp/wt-inj-srv-" + std::to_string(port);
    std::string code =
        "import socket,time\n"
        "l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
        "l.bind(('127.0.0.1'," +
        std::to_string(port) + ")); l.listen(); print('ready', flush=True)\nc,_=l.accept()\n" + body + "\n";
    pid_t p = spawn_bg({"/usr/bin/python3", "-c", code}, out, "/dev/null");
    for (int i = 0; i < 500 && read_file(out).find("ready") == std::string::npos; i++) usleep(10000);
    unlink(out.c_str());
    return p;
}

size_t line_index(const std::vector<std::string> &lines, const std::regex &re, size_t from = 0) {
    for (size_t i = from; i < lines.size(); i++)
        if (std::regex_search(lines[i], re)) return i;
    return std::string::npos;
}
}  // namespace

// Beyond strace, with --capture: an ECONNRESET injected into recv leaves the data unread, so
// the close that follows makes the kernel send a RST - in the same stream, tied to that close.
TEST(Inject, AnInjectedResetShowsOnTheWire) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    int port = 46000 + getpid() % 10000;
    pid_t srv = python_server(port, "c.send(b'hello'); time.sleep(1)");
    auto r = run_cmd({wiretrace_bin(), "--capture=lo", "--capture-filter", "tcp port " + std::to_string(port), "-e",
                      "trace=recvfrom,close", "-e", "inject=recvfrom:error=ECONNRESET", "--", "/usr/bin/python3", "-c",
                      "import socket,time\ns=socket.socket(); s.connect(('127.0.0.1'," + std::to_string(port) +
                          ")); time.sleep(0.2)\ntry:\n    s.recv(100)\nexcept ConnectionResetError:\n    "
                          "print('reset seen'); s.close()\n"});
    reap(srv, 3000);
    ASSERT_EQ(r.code(), 0) << r.err;
    EXPECT_EQ(r.out, "reset seen\n");  // the program saw the error
    auto lines = lines_of(r.err);
    size_t recv =
        line_index(lines, std::regex(R"(^recvfrom\(3, .* = -1 ECONNRESET \(Connection reset by peer\) \(INJECTED\)$)"));
    ASSERT_NE(recv, std::string::npos) << r.err;
    // (the RST may come while the close is still running: "close(3 <unfinished ...>", the packet,
    // then "<... close resumed>) = 0")
    size_t close = line_index(lines, std::regex(R"(^close\(3(\) += 0| <unfinished \.\.\.>)$)"), recv);
    size_t rst =
        line_index(lines, std::regex(R"(^## \S+ \[pid \d+ fd 3 close#\d+\] IP 127\.0\.0\.1\.\d+ > 127\.0\.0\.1\.)" +
                                     std::to_string(port) + R"(: Flags \[R\.\])"));
    ASSERT_NE(close, std::string::npos) << r.err;
    ASSERT_NE(rst, std::string::npos) << r.err;
    EXPECT_LT(recv, close);
    EXPECT_LT(close, rst);
}

// A delay_exit on the first send holds the program back: the second segment leaves that much
// later, and the packet lines show the gap.
TEST(Inject, AnInjectedDelayShowsAsAGapOnTheWire) {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs CAP_NET_RAW";
    int port = 46000 + (getpid() + 1) % 10000;
    pid_t srv = python_server(port, "c.recv(10); c.recv(10); time.sleep(0.2)");
    auto r = run_cmd({wiretrace_bin(), "--capture=lo", "--capture-filter", "tcp port " + std::to_string(port), "-e",
                      "trace=sendto", "-e", "inject=sendto:delay_exit=300000:when=1", "--", "/usr/bin/python3", "-c",
                      "import socket\ns=socket.socket(); s.connect(('127.0.0.1'," + std::to_string(port) +
                          ")); s.send(b'one'); s.send(b'two'); s.close()\n"});
    reap(srv, 3000);
    ASSERT_EQ(r.code(), 0) << r.err;
    std::vector<double> data_times;
    std::regex seg(R"(^## \d\d:\d\d:(\d\d\.\d{6}) \[pid \d+ fd 3[^\]]*\] IP 127\.0\.0\.1\.\d+ > 127\.0\.0\.1\.)" +
                   std::to_string(port) + R"(: Flags \[P\.\].*length 3$)");
    for (const auto &l : lines_of(r.err)) {
        std::smatch m;
        if (std::regex_match(l, m, seg)) data_times.push_back(std::stod(m[1]));
    }
    ASSERT_EQ(data_times.size(), 2u) << r.err;
    double gap = data_times[1] - data_times[0];
    if (gap < 0) gap += 60;
    EXPECT_GE(gap, 0.3) << r.err;
    // (whole, or cut by the packet line: "sendto(3, "one", ... <unfinished ...>" ... "<... sendto resumed>) = 3
    // (DELAYED)")
    EXPECT_TRUE(
        std::regex_search(r.err, std::regex(R"(sendto\(3, "one", 3, 0, NULL, 0(\) += 3 \(DELAYED\)| <unfinished))")))
        << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(\) += 3 \(DELAYED\))"))) << r.err;
}
