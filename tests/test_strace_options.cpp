// strace's remaining options on real processes, against Debian's strace where it is the
// oracle: -k (stacks through libunwind), -i, -b execve, --kill-on-exit, and the seccomp filter
// wiretrace installs by default for a followed command traced for a subset of calls.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <regex>

#include "run_helper.h"

namespace {
bool have_strace() {
    return access("/usr/bin/strace", X_OK) == 0;
}

// One run's trace, -o FILE, with what differs between runs of the same program replaced.
std::string trace_of(const std::string &tracer, std::vector<std::string> args) {
    std::string out = "/tmp/wt-opts." + std::to_string(getpid()) + ".out";
    std::vector<std::string> argv = {"/usr/bin/env", "LC_ALL=C", tracer, "-o", out};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = run_cmd(argv);
    EXPECT_TRUE(r.exited()) << r.err;
    std::string t = read_file(out);
    unlink(out.c_str());
    t = std::regex_replace(t, std::regex(R"(^\d+ +)", std::regex::multiline), "");  // -f's pid column
    t = std::regex_replace(t, std::regex("0x[0-9a-f]{9,}"), "ADDR");
    t = std::regex_replace(t, std::regex(R"(\b\d{3,}\b)"), "N");
    return t;
}
// The same with -ff: every task's lines in their own file (no interleaving), all the lines
// sorted.
std::vector<std::string> sorted_lines_ff(const std::string &tracer, std::vector<std::string> args,
                                         const std::string &wrapper = "") {
    char dir[] = "/tmp/wt-optsff.XXXXXX";
    std::string d = mkdtemp(dir);
    std::vector<std::string> argv = {"/usr/bin/env", "LC_ALL=C"};
    if (!wrapper.empty()) argv.push_back(wrapper);
    argv.insert(argv.end(), {tracer, "-ff", "-o", d + "/t"});
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = run_cmd(argv);
    EXPECT_EQ(r.code(), 0) << r.err;
    EXPECT_EQ(r.err, "");
    std::string all = run_cmd({"/bin/sh", "-c", "cat " + d + "/t.*; rm -rf " + d}).out;
    all = std::regex_replace(all, std::regex("0x[0-9a-f]{9,}"), "ADDR");
    auto l = lines_of(std::regex_replace(all, std::regex(R"(\b\d{3,}\b)"), "N"));
    std::sort(l.begin(), l.end());
    return l;
}
}  // namespace

// The frames, their symbols and offsets in the files are strace's, for each printed call and
// the calls that do not return (exit_group's stack comes after "+++ exited", as strace's).
TEST(StackTrace, FramesMatchStrace) {
    if (!have_strace()) GTEST_SKIP() << "strace is the oracle";
    std::vector<std::string> args = {"-k", "-e", "trace=chdir,exit_group", prog("call_chain"), "again"};
    std::string a = trace_of("/usr/bin/strace", args), b = trace_of(wiretrace_bin(), args);
    EXPECT_EQ(a, b);
    EXPECT_NE(b.find("call_chain(inner+0x"), std::string::npos) << b;
    EXPECT_NE(b.find("call_chain(outer+0x"), std::string::npos) << b;
    EXPECT_NE(b.find(" > /usr/lib/x86_64-linux-gnu/libc.so.6("), std::string::npos) << b;
}

// Real programs, stripped as Debian ships them: ls and curl (its connect to a closed loopback
// port), frame for frame.
TEST(StackTrace, RealProgramsMatchStrace) {
    if (!have_strace()) GTEST_SKIP() << "strace is the oracle";
    std::vector<std::vector<std::string>> runs = {{"-k", "-e", "trace=getdents64,exit_group", "/bin/ls", "/"}};
    if (access("/usr/bin/curl", X_OK) == 0)
        runs.push_back(
            {"-f", "-k", "-e", "trace=socket,connect", "/usr/bin/curl", "-s", "-m", "2", "http://127.0.0.1:9/"});
    for (const auto &args : runs) {
        std::string a = trace_of("/usr/bin/strace", args), b = trace_of(wiretrace_bin(), args);
        EXPECT_EQ(a, b) << args.back();
        EXPECT_NE(b.find(" > /usr/lib/x86_64-linux-gnu/libc.so.6("), std::string::npos) << b;
    }
}

// Threads share their process's mappings; after execve the new program's are read.
TEST(StackTrace, ThreadsAndExecMatchStrace) {
    if (!have_strace()) GTEST_SKIP() << "strace is the oracle";
    std::vector<std::string> args = {"-k", "-e", "trace=chdir,execve", "-e", "signal=none", prog("call_chain")};
    auto a = sorted_lines_ff("/usr/bin/strace", args);
    for (const char *seccomp : {"--seccomp-bpf", "--no-seccomp-bpf"}) {
        std::vector<std::string> with = args;
        with.insert(with.begin(), seccomp);
        EXPECT_EQ(a, sorted_lines_ff(wiretrace_bin(), with)) << seccomp;
    }
}

// Unknown symbols: a stripped copy shows the file and the offset only, as strace does.
TEST(StackTrace, StrippedProgramShowsOffsets) {
    if (!have_strace()) GTEST_SKIP() << "strace is the oracle";
    std::string copy = "/tmp/wt-stripped-call-chain";
    ASSERT_EQ(system(("cp " + prog("call_chain") + " " + copy + " && strip " + copy).c_str()), 0);
    std::vector<std::string> args = {"-k", "-e", "trace=chdir", copy, "again"};
    std::string a = trace_of("/usr/bin/strace", args), b = trace_of(wiretrace_bin(), args);
    unlink(copy.c_str());
    EXPECT_EQ(a, b);
    EXPECT_NE(b.find(copy + "() [0x"), std::string::npos) << b;
}

TEST(InstructionPointer, MatchesStraceLayout) {
    if (!have_strace()) GTEST_SKIP() << "strace is the oracle";
    std::vector<std::string> args = {"-i", "-f", "-e", "trace=write,exit_group,kill", prog("signals")};
    auto norm = [](std::string t) { return std::regex_replace(t, std::regex(R"(\[[0-9a-f]{16}\])"), "[IP]"); };
    std::string a = norm(trace_of("/usr/bin/strace", args)), b = norm(trace_of(wiretrace_bin(), args));
    EXPECT_EQ(a, b);
    EXPECT_NE(b.find("[IP] kill("), std::string::npos) << b;
    EXPECT_NE(b.find("[????????????????] +++ exited with"), std::string::npos) << b;
}

// -b execve: a process that runs execve leaves the trace and goes on untraced; the launched
// command's own execve does not count.
TEST(DetachOnExecve, TheExecingProcessRunsOnUntraced) {
    auto r = run_cmd({wiretrace_bin(), "-b", "execve", "-f", "-e", "trace=execve,chdir", "/bin/sh", "-c",
                      prog("call_chain") + " again; exit 7"});
    EXPECT_EQ(r.code(), 7) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(execve\("[^"]*call_chain", .* <detached \.\.\.>)"))) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(wiretrace: Process \d+ detached)"))) << r.err;
    EXPECT_EQ(r.err.find("chdir("), std::string::npos) << "traced after its execve:\n" << r.err;
}

// --kill-on-exit: if wiretrace dies, even by SIGKILL, the command goes with it; without it
// (and without the seccomp filter) the command runs on, as under strace.
TEST(KillOnExit, TheCommandDiesWithTheTracer) {
    for (bool kill_on_exit : {true, false}) {
        std::string pidfile = "/tmp/wt-koe." + std::to_string(getpid());
        unlink(pidfile.c_str());
        std::vector<std::string> argv = {wiretrace_bin(), "-e", "trace=none"};
        if (kill_on_exit) argv.push_back("--kill-on-exit");
        argv.insert(argv.end(), {"/bin/sh", "-c", "echo $$ > " + pidfile + "; exec sleep 30"});
        pid_t tracer = spawn_bg(argv, "/dev/null", "/dev/null");
        pid_t cmd = 0;
        for (int i = 0; i < 200 && !cmd; i++) {
            usleep(10000);
            cmd = atoi(read_file(pidfile).c_str());
        }
        ASSERT_GT(cmd, 0);
        usleep(100000);
        kill(tracer, SIGKILL);
        reap(tracer, 2000);
        usleep(200000);
        // (a killed command may stay a zombie: nobody here reaps the tracer's children)
        std::string stat = read_file("/proc/" + std::to_string(cmd) + "/stat");
        bool alive = !stat.empty() && stat.find(") Z ") == std::string::npos;
        if (alive) kill(cmd, SIGKILL);
        EXPECT_EQ(alive, !kill_on_exit) << (kill_on_exit ? "--kill-on-exit" : "default");
        unlink(pidfile.c_str());
    }
}

// The filter is on by default for -f with a subset of calls; where no filter can be loaded
// wiretrace stops at every call instead, silently, with the same trace.
TEST(SeccompByDefault, FallsBackWhenNoFilterCanBeLoaded) {
    std::vector<std::string> args = {"-e", "trace=chdir,execve", "-e", "signal=none", prog("call_chain")};
    auto filtered = sorted_lines_ff(wiretrace_bin(), args);
    auto fallback = sorted_lines_ff(wiretrace_bin(), args, prog("no_seccomp"));
    EXPECT_EQ(filtered, fallback);
    EXPECT_EQ(fallback.size(), 9u);  // 2 execve, 4 chdir, 3 exits (one the thread's)
    if (have_strace()) {
        EXPECT_EQ(sorted_lines_ff("/usr/bin/strace", args), fallback);
    }
}

// -P: the calls that name the path (here through a symlink, resolved as strace resolves it)
// or use a descriptor open on it, in every process; the note about the resolution first.
TEST(TracePath, CallsTouchingThePathMatchStrace) {
    if (!have_strace()) GTEST_SKIP() << "strace is the oracle";
    std::string file = "/tmp/wt-tracepath-file", link = "/tmp/wt-tracepath-link";
    ASSERT_EQ(system(("echo hi > " + file + " && ln -sf " + file + " " + link).c_str()), 0);
    std::vector<std::string> args = {
        "-f", "-e",           "signal=none", "-P", link,
        "-P", "/nonexistent", "/bin/sh",     "-c", "read x < " + file + "; echo y >> " + file + "; cat /dev/null"};
    RunResult a = run_cmd([&] {
        std::vector<std::string> v = {"/usr/bin/env", "LC_ALL=C", "/usr/bin/strace", "-o", "/dev/stdout"};
        v.insert(v.end(), args.begin(), args.end());
        return v;
    }());
    RunResult b = run_cmd([&] {
        std::vector<std::string> v = {"/usr/bin/env", "LC_ALL=C", wiretrace_bin(), "-o", "/dev/stdout"};
        v.insert(v.end(), args.begin(), args.end());
        return v;
    }());
    unlink(link.c_str());
    unlink(file.c_str());
    auto norm = [](const std::string &t) { return std::regex_replace(t, std::regex(R"(\b\d{3,}\b)"), "N"); };
    EXPECT_EQ(norm(a.out), norm(b.out));
    EXPECT_EQ(std::regex_replace(a.err, std::regex("/usr/bin/strace: "), ""),
              std::regex_replace(b.err, std::regex("wiretrace: "), ""));
    EXPECT_NE(b.out.find("openat(AT_FDCWD, \"" + file + "\", O_RDONLY) = 3"), std::string::npos) << b.out;
    EXPECT_NE(b.out.find("write(1, \"y\\n\", 2)"), std::string::npos) << b.out;  // through the descriptor
    EXPECT_EQ(b.out.find("/dev/null"), std::string::npos) << b.out;
    EXPECT_EQ(b.err, "wiretrace: Requested path \"" + link + "\" resolved into \"" + file + "\"\n");
}

// --pidns-translation: pids a tracee gives in its own PID namespace, with the tracer's number
// for them, as strace; also with wiretrace itself in a namespace whose /proc is its parent's.
TEST(DecodePids, PidnsTranslationMatchesStrace) {
    if (!have_strace()) GTEST_SKIP() << "strace is the oracle";
    std::vector<std::string> args = {
        "--pidns-translation", "-qq", "-e", "trace=getpid,gettid,getpgid,wait4", "-e", "signal=none",
        prog("pidns_child")};
    auto a = sorted_lines_ff("/usr/bin/strace", args), b = sorted_lines_ff(wiretrace_bin(), args);
    EXPECT_EQ(a, b);
    std::string all;
    for (const auto &l : b) all += l + "\n";
    EXPECT_TRUE(std::regex_search(all, std::regex(R"(getpid\(\) += 1 /\* N in strace's PID NS \*/)"))) << all;
}

// -Y: "<comm>" after the pids of processes and threads, and in the pid prefix of each line.
TEST(DecodePids, CommMatchesStrace) {
    if (!have_strace()) GTEST_SKIP() << "strace is the oracle";
    std::vector<std::string> args = {"-Y",      "-e", "trace=getpid,getppid,kill,wait4,clone,vfork,tgkill",
                                     "/bin/sh", "-c", "sleep 0 & wait; kill -0 $$; " + prog("signals")};
    auto norm = [](std::vector<std::string> l) {
        for (auto &s : l) {
            s = std::regex_replace(s, std::regex("<(strace|wiretrace)>"), "<TRACER>");
            // A SIGCHLD's sender may be reaped before the line is printed: strace then finds no
            // /proc/PID/comm and prints the bare pid (a race in the reference itself).
            if (s.rfind("--- SIGCHLD", 0) == 0) s = std::regex_replace(s, std::regex("si_pid=N<[^>]*>"), "si_pid=N");
            // a new child is named by what it runs when the line is printed: sh, or already sleep
            if (s.rfind("clone(", 0) == 0) s = std::regex_replace(s, std::regex("= N<(sh|sleep)>$"), "= N<CHILD>");
        }
        // how often the shell polls for its background child depends on timing
        l.erase(std::remove(l.begin(), l.end(), "wait4(-1, ADDR, WNOHANG, NULL) = 0"), l.end());
        std::sort(l.begin(), l.end());
        return l;
    };
    auto a = norm(sorted_lines_ff("/usr/bin/strace", args)), b = norm(sorted_lines_ff(wiretrace_bin(), args));
    EXPECT_EQ(a, b);
    std::string all;
    for (const auto &l : b) all += l + "\n";
    EXPECT_TRUE(std::regex_search(all, std::regex(R"(getppid\(\) += N<TRACER>)"))) << all;
}

// -e verbose=SET: the calls outside the set show their structures by address, as strace's.
TEST(Verbose, StructuresByAddressMatchStrace) {
    if (!have_strace()) GTEST_SKIP() << "strace is the oracle";
    for (const char *set : {"verbose=none", "verbose=!execve,wait4"}) {
        std::vector<std::string> args = {
            "-e",          set,  "-e",
            "signal=none", "-e", "trace=execve,newfstatat,clock_nanosleep,wait4,rt_sigaction,prlimit64,pipe2",
            "/bin/sh",     "-c", "sleep 0.01 | cat; true"};
        auto a = sorted_lines_ff("/usr/bin/strace", args), b = sorted_lines_ff(wiretrace_bin(), args);
        EXPECT_EQ(a, b) << set;
    }
}

// -O: a fixed overhead taken off each call's time in -c's table, never below zero.
TEST(Overhead, TakenOffEachCallInTheSummary) {
    auto seconds_of = [](const std::string &table, const std::string &name) {
        for (const auto &l : lines_of(table))
            if (l.size() > name.size() && l.compare(l.size() - name.size(), name.size(), name) == 0)
                return std::stod(l.substr(6, 12));
        return -1.0;
    };
    std::vector<std::string> base = {wiretrace_bin(), "-c", "-w", "-e", "trace=clock_nanosleep"};
    auto plain = run_cmd([&] {
        auto v = base;
        v.insert(v.end(), {"sleep", "0.2"});
        return v;
    }());
    auto less = run_cmd([&] {
        auto v = base;
        v.insert(v.end(), {"-O", "150ms", "sleep", "0.2"});
        return v;
    }());
    auto none = run_cmd([&] {
        auto v = base;
        v.insert(v.end(), {"-O", "1", "sleep", "0.2"});
        return v;
    }());
    double p = seconds_of(plain.err, "clock_nanosleep"), l = seconds_of(less.err, "clock_nanosleep"),
           n = seconds_of(none.err, "clock_nanosleep");
    EXPECT_GE(p, 0.2) << plain.err;
    EXPECT_NEAR(l, p - 0.15, 0.05) << less.err;
    EXPECT_EQ(n, 0.0) << none.err;
}

// -I never: SIGTERM and friends do not stop wiretrace; the command runs to its end, traced.
TEST(Interruptible, NeverKeepsTracingThroughSignals) {
    std::string out = "/tmp/wt-intr." + std::to_string(getpid());
    pid_t wt = spawn_bg({wiretrace_bin(), "-I", "never", "-o", out, "-e", "trace=exit_group", "sleep", "0.5"},
                        "/dev/null", "/dev/null");
    usleep(200000);
    kill(wt, SIGTERM);
    kill(wt, SIGINT);
    int st = reap(wt, 5000);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << st;
    EXPECT_NE(read_file(out).find("+++ exited with 0 +++"), std::string::npos) << read_file(out);
    unlink(out.c_str());
}

// A child wiretrace did not start (inherited across exec) exits: said as strace says it, once,
// and -qq (quiet exit) keeps it quiet.
TEST(UnknownChildren, InheritedChildsExitIsSaid) {
    auto run = [](const std::string &tracer, const std::string &quiet) {
        std::string cmd = "sleep 0.2 & exec " + tracer + " " + quiet + " -e trace=none sleep 0.6";
        return run_cmd({"/bin/sh", "-c", cmd});
    };
    auto r = run(wiretrace_bin(), "");
    EXPECT_EQ(r.code(), 0) << r.err;
    EXPECT_TRUE(
        std::regex_search(r.err, std::regex(R"(^wiretrace: Exit of unknown pid \d+ ignored$)", std::regex::multiline)))
        << r.err;
    r = run(wiretrace_bin(), "-qq");
    EXPECT_EQ(r.err.find("unknown pid"), std::string::npos) << r.err;
    if (!have_strace()) return;
    auto s = run("/usr/bin/strace", "");
    EXPECT_NE(s.err.find("strace: Exit of unknown pid"), std::string::npos) << s.err;  // the oracle agrees
}
