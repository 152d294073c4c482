// build/wiretrace on real tracees (tests/progs), asserting exact lines, exit codes, and that
// attached processes survive a detach.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "run_helper.h"

namespace {
std::string tracer_pid_of(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string l;
    while (std::getline(f, l))
        if (l.rfind("TracerPid:", 0) == 0) return l.substr(10);
    return "";
}
bool wait_for(const std::function<bool()> &cond, int ms = 5000) {
    for (int i = 0; i < ms / 5; i++) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return cond();
}
long file_mtime_ns(const std::string &p) {
    struct stat st;
    if (stat(p.c_str(), &st) != 0) return -1;
    return st.st_mtim.tv_sec * 1000000000L + st.st_mtim.tv_nsec;
}
std::string trim_ws(std::string s) {
    while (!s.empty() && (s[0] == ' ' || s[0] == '\t')) s.erase(0, 1);
    return s;
}
}  // namespace

TEST(Integration, ExactLinesBadPointersAndExitCode) {
    auto r =
        run_cmd({wiretrace_bin(), "-e", "trace=openat,write,close,access,syscall_0x1f4", prog("basic_calls"), "7"});
    // (syscall_0x1f4 is not a name wiretrace accepts, like strace)
    EXPECT_EQ(r.code(), 1);
    EXPECT_EQ(r.err, "wiretrace: invalid system call 'syscall_0x1f4'\n");

    r = run_cmd({wiretrace_bin(), "-e",
                 "trace=!%memory,%process,arch_prctl,set_tid_address,set_robust_list,rseq,prlimit64,getrandom",
                 prog("basic_calls"), "7"});
    EXPECT_EQ(r.code(), 7) << r.err;
    std::string e = norm_addrs(r.err);
    EXPECT_TRUE(has_line(e, R"(openat(AT_FDCWD, "/dev/null", O_WRONLY) = 3)")) << e;
    EXPECT_TRUE(has_line(e, R"(write(3, "hello\n", 6)                  = 6)")) << e;
    EXPECT_TRUE(has_line(e, R"(write(3, 0x1, 10)                       = 10)")) << e;
    EXPECT_TRUE(has_line(e, R"(openat(AT_FDCWD, 0x1, O_RDONLY)         = -1 EFAULT (Bad address))")) << e;
    EXPECT_TRUE(has_line(e, R"(write(3, "", 0)                         = 0)")) << e;
    EXPECT_TRUE(has_line(e, R"(syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented))"))
        << e;
    EXPECT_TRUE(has_line(e, R"(access("/nonexistent-wiretrace", F_OK)  = -1 ENOENT (No such file or directory))")) << e;
    EXPECT_TRUE(has_line(e, "+++ exited with 7 +++")) << e;
    EXPECT_EQ(e.find("exit_group"), std::string::npos) << "%process was excluded";
}

TEST(Integration, OutputFileAndDefaultStringLimit) {
    char path[] = "/tmp/wt-out.XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    auto r = run_cmd({wiretrace_bin(), "-o", path, "-e", "trace=write", prog("basic_calls")});
    EXPECT_EQ(r.code(), 0);
    EXPECT_EQ(r.err, "");
    std::string t = read_file(path);
    EXPECT_TRUE(has_line(t, R"(write(3, "hello\n", 6)                  = 6)")) << t;
    EXPECT_TRUE(has_line(t, "+++ exited with 0 +++")) << t;
    unlink(path);
}

TEST(Integration, FollowForksAndThreads) {
    auto r = run_cmd({wiretrace_bin(), "-f", "-e", "trace=write,exit_group", prog("forker")});
    EXPECT_EQ(r.code(), 0) << r.err;
    std::string e = r.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(e, m, std::regex(R"(wiretrace: Process (\d+) attached\n)"))) << e;
    std::string child = m[1];
    std::string pfx = "[pid " + std::string(5 - std::min<size_t>(5, child.size()), ' ') + child + "] ";
    EXPECT_TRUE(has_line(e, pfx + R"(write(3, "child\n", 6)      = 6)")) << e;
    EXPECT_TRUE(has_line(e, pfx + "exit_group(3)               = ?")) << e;
    EXPECT_TRUE(has_line(e, pfx + "+++ exited with 3 +++")) << e;
    EXPECT_TRUE(
        std::regex_search(e, std::regex(R"(--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=)" + child +
                                        R"(, si_uid=0, si_status=3, si_utime=\d+, si_stime=\d+\} ---)")))
        << e;
    EXPECT_TRUE(std::regex_search(e, std::regex(R"(\[pid +\d+\] write\(3, "thread\\n", 7\) += 7\n)"))) << e;
    // The parent's line: without a prefix once the thread's exit has been reaped, with one if
    // the join returned first (the kernel wakes the joiner before the tracer sees the exit)
    // (and the thread's exit line may cut it: "write(3, "parent\n", 7 <unfinished ...>")
    EXPECT_TRUE(std::regex_search(
        e, std::regex(R"((^|\n)(\[pid +\d+\] )?write\(3, "parent\\n", 7(\) += 7| <unfinished \.\.\.>)\n)")))
        << e;
    EXPECT_TRUE(has_line(e, "+++ exited with 0 +++")) << e;

    // Without -f the child and the thread are not traced.
    r = run_cmd({wiretrace_bin(), "-e", "trace=write", prog("forker")});
    EXPECT_EQ(r.err.find("child"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("thread"), std::string::npos) << r.err;
    EXPECT_TRUE(has_line(r.err, R"(write(3, "parent\n", 7)                 = 7)")) << r.err;
}

TEST(Integration, FollowWithOutputFilePrefixesEveryLine) {
    char path[] = "/tmp/wt-out.XXXXXX";
    close(mkstemp(path));
    auto r = run_cmd({wiretrace_bin(), "-f", "-o", path, "-e", "trace=write", prog("forker")});
    EXPECT_EQ(r.code(), 0);
    std::string t = read_file(path);
    for (const auto &l : lines_of(t)) EXPECT_TRUE(std::regex_match(l, std::regex(R"(\d+ +\S.*)"))) << l;
    // (the thread's exit line may cut the parent's last write, as in strace)
    EXPECT_TRUE(std::regex_search(t, std::regex(R"(\n?\d+ +write\(3, "parent\\n", 7(\) += 7| <unfinished \.\.\.>)\n)")))
        << t;
    unlink(path);
}

TEST(Integration, SignalDeliveryAndTimings) {
    auto r = run_cmd({wiretrace_bin(), "-T", "-e", "trace=kill", prog("signals")});
    EXPECT_EQ(r.code(), 0) << r.err;
    EXPECT_TRUE(std::regex_search(
        r.err,
        std::regex(
            R"(kill\((\d+), SIGUSR1\) += 0 <\d+\.\d{6}>\n--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_USER, si_pid=\1, si_uid=0\} ---\n)")))
        << r.err;
    r = run_cmd({wiretrace_bin(), "-e", "trace=none", "-e", "signal=none", prog("signals")});
    EXPECT_EQ(r.err, "+++ exited with 0 +++\n");
}

TEST(Integration, KilledTraceeKillsUsTheSameWay) {
    auto r = run_cmd({wiretrace_bin(), "-e", "trace=none", prog("signals"), "die"});
    EXPECT_TRUE(WIFSIGNALED(r.status));
    EXPECT_EQ(WTERMSIG(r.status), SIGTERM);
    EXPECT_TRUE(std::regex_search(
        r.err,
        std::regex(
            R"(--- SIGTERM \{si_signo=SIGTERM, si_code=SI_TKILL, si_pid=\d+, si_uid=0\} ---\n\+\+\+ killed by SIGTERM \+\+\+\n$)")))
        << r.err;
}

TEST(Integration, GroupStopAndContinue) {
    char dir[] = "/tmp/wt-gs.XXXXXX";
    std::string d = mkdtemp(dir);
    pid_t wt = spawn_bg({wiretrace_bin(), "-e", "trace=none", prog("signals"), "stop"}, d + "/out", d + "/err");
    ASSERT_TRUE(wait_for([&] { return read_file(d + "/err").find("--- stopped by SIGSTOP ---") != std::string::npos; }))
        << read_file(d + "/err");
    // The tracee is really stopped (state T), then SIGCONT resumes it to a normal exit.
    std::smatch m;
    std::string err = read_file(d + "/err");
    ASSERT_TRUE(std::regex_search(err, m, std::regex(R"(si_pid=(\d+))")));
    pid_t tracee = std::stoi(m[1]);
    kill(tracee, SIGCONT);
    int st = 0;
    ASSERT_EQ(waitpid(wt, &st, 0), wt);
    EXPECT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), 0);
    err = read_file(d + "/err");
    EXPECT_TRUE(std::regex_search(
        err,
        std::regex(
            R"(--- SIGSTOP \{si_signo=SIGSTOP, si_code=SI_TKILL, si_pid=\d+, si_uid=0\} ---\n--- stopped by SIGSTOP ---\n--- SIGCONT \{si_signo=SIGCONT, si_code=SI_USER, si_pid=\d+, si_uid=0\} ---\n\+\+\+ exited with 0 \+\+\+\n)")))
        << err;
}

TEST(Integration, AttachDetachLeavesTheProcessRunning) {
    char dir[] = "/tmp/wt-att.XXXXXX";
    std::string d = mkdtemp(dir);
    std::string beat = d + "/beat";
    pid_t tracee = spawn_bg({prog("looper"), beat}, d + "/t.out", d + "/t.err");
    ASSERT_TRUE(wait_for([&] { return file_mtime_ns(beat) > 0; }));
    pid_t wt = spawn_bg({wiretrace_bin(), "-p", std::to_string(tracee)}, d + "/out", d + "/err");
    ASSERT_TRUE(wait_for([&] { return read_file(d + "/err").find("openat(AT_FDCWD, \"" + beat) != std::string::npos; }))
        << read_file(d + "/err");
    EXPECT_EQ(trim_ws(tracer_pid_of(tracee)), std::to_string(wt));
    kill(wt, SIGTERM);
    int st = 0;
    ASSERT_EQ(waitpid(wt, &st, 0), wt);
    EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM) << st;
    std::string err = read_file(d + "/err");
    EXPECT_EQ(err.rfind("wiretrace: Process " + std::to_string(tracee) + " attached\n", 0), 0u) << err;
    EXPECT_NE(err.find("wiretrace: Process " + std::to_string(tracee) + " detached\n"), std::string::npos) << err;
    // Untraced, alive, and still making progress.
    EXPECT_EQ(trim_ws(tracer_pid_of(tracee)), "0");
    long before = file_mtime_ns(beat);
    EXPECT_TRUE(wait_for([&] { return file_mtime_ns(beat) != before; }));
    EXPECT_EQ(waitpid(tracee, &st, WNOHANG), 0);
    kill(tracee, SIGKILL);
    waitpid(tracee, &st, 0);
}

TEST(Integration, AttachRefusedIsExplained) {
    char dir[] = "/tmp/wt-eperm.XXXXXX";
    std::string d = mkdtemp(dir);
    pid_t tracee = spawn_bg({prog("looper")}, d + "/t.out", d + "/t.err");
    pid_t first = spawn_bg({wiretrace_bin(), "-o", "/dev/null", "-p", std::to_string(tracee)}, d + "/o1", d + "/e1");
    ASSERT_TRUE(wait_for([&] { return trim_ws(tracer_pid_of(tracee)) == std::to_string(first); }));
    // A second tracer is refused by the kernel with EPERM.
    auto r = run_cmd({wiretrace_bin(), "-p", std::to_string(tracee)});
    EXPECT_EQ(r.code(), 1);
    EXPECT_NE(r.err.find("wiretrace: attach: ptrace(PTRACE_SEIZE, " + std::to_string(tracee) +
                         "): Operation not permitted\nwiretrace: hint: process " + std::to_string(tracee) +
                         " is already traced by process " + std::to_string(first) +
                         " (wiretrace); a process has one tracer at a time\n"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(lines_of(r.err).size(), 2u) << "one line and its hint, not one per thread: " << r.err;
    int st;
    // a process with threads: still one line for it (strace's), not one per thread
    pid_t threaded =
        spawn_bg({"/usr/bin/python3", "-c",
                  "import threading,time\n[threading.Thread(target=time.sleep,args=(30,)).start() for _ in range(4)]\n"
                  "time.sleep(30)\n"},
                 d + "/p.out", d + "/p.err");
    usleep(300000);
    pid_t holder = spawn_bg({wiretrace_bin(), "-o", "/dev/null", "-p", std::to_string(threaded)}, d + "/o2", d + "/e2");
    ASSERT_TRUE(wait_for([&] { return trim_ws(tracer_pid_of(threaded)) == std::to_string(holder); }));
    auto t = run_cmd({wiretrace_bin(), "-p", std::to_string(threaded)});
    EXPECT_EQ(lines_of(t.err).size(), 2u) << t.err;
    kill(holder, SIGINT);
    waitpid(holder, &st, 0);
    kill(threaded, SIGKILL);
    waitpid(threaded, &st, 0);
    kill(first, SIGINT);
    waitpid(first, &st, 0);
    EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
    EXPECT_EQ(trim_ws(tracer_pid_of(tracee)), "0");
    kill(tracee, SIGKILL);
    waitpid(tracee, &st, 0);
}

TEST(Integration, ExecFromAThreadSwitchesPid) {
    auto r = run_cmd({wiretrace_bin(), "-f", "-qq", "-e", "trace=execve", prog("thread_exec")});
    EXPECT_EQ(r.code(), 4) << r.err;
    std::string e = norm_addrs(r.err);
    EXPECT_TRUE(std::regex_search(
        e,
        std::regex(
            R"(\[pid +(\d+)\] execve\(".*thread_exec", \[".*"(\.\.\.)?, "done"\], 0xADDR /\* 0 vars \*/ <pid changed to (\d+) \.\.\.>\n\+\+\+ superseded by execve in pid \1 \+\+\+\n<\.\.\. execve resumed>\) += 0\n)")))
        << e;
}

TEST(Integration, BadInput) {
    auto r = run_cmd({wiretrace_bin(), "-p", "999999999"});
    EXPECT_EQ(r.code(), 1);
    EXPECT_EQ(r.err, "wiretrace: attach: ptrace(PTRACE_SEIZE, 999999999): No such process\n");

    r = run_cmd({wiretrace_bin(), "--bogus", "true"});
    EXPECT_EQ(r.code(), 1);
    EXPECT_EQ(r.err, "wiretrace: unrecognized option '--bogus'\nTry 'wiretrace -h' for more information.\n");

    r = run_cmd({wiretrace_bin()});
    EXPECT_EQ(r.code(), 1);
    EXPECT_EQ(lines_of(r.err).at(0), "wiretrace: must have PROG [ARGS] or -p PID");

    r = run_cmd({wiretrace_bin(), "no-such-command-wiretrace"});
    EXPECT_EQ(r.code(), 1);
    EXPECT_EQ(r.err, "wiretrace: Can't stat 'no-such-command-wiretrace': No such file or directory\n");

    r = run_cmd({wiretrace_bin(), "/etc/passwd"});
    EXPECT_EQ(r.code(), 1);
    EXPECT_NE(r.err.find("wiretrace: exec: Permission denied"), std::string::npos) << r.err;

    // An unwritable -o fails before the command runs (it would create the marker).
    std::string marker = "/tmp/wt-marker-" + std::to_string(getpid());
    unlink(marker.c_str());
    r = run_cmd({wiretrace_bin(), "-o", "/nonexistent-dir/trace", "/usr/bin/touch", marker});
    EXPECT_EQ(r.code(), 1);
    EXPECT_EQ(r.err, "wiretrace: Can't fopen '/nonexistent-dir/trace': No such file or directory\n");
    EXPECT_NE(access(marker.c_str(), F_OK), 0);

    r = run_cmd({wiretrace_bin(), "-e", "trace=nosuchcall", "true"});
    EXPECT_EQ(r.code(), 1);
    EXPECT_EQ(r.err, "wiretrace: invalid system call 'nosuchcall'\n");
}

TEST(Integration, HelpAndVersion) {
    auto r = run_cmd({wiretrace_bin(), "-h"});
    EXPECT_EQ(r.code(), 0);
    EXPECT_NE(r.out.find("Usage: wiretrace"), std::string::npos);
    r = run_cmd({wiretrace_bin(), "-V"});
    EXPECT_EQ(r.code(), 0);
    EXPECT_EQ(r.out.rfind("wiretrace -- version ", 0), 0u);
}

TEST(Integration, HostileTraceeNeverCrashesUs) {
    // Garbage pointers and lengths to every decoded call, a buffer changing under us, strings
    // that run into an unmapped page: wiretrace prints addresses and goes on (the ASan build
    // runs this too).
    for (const char *extra : {"-s32", "-s4096", "-yy"}) {
        char path[] = "/tmp/wt-hostile.XXXXXX";
        close(mkstemp(path));
        auto r = run_cmd({wiretrace_bin(), "-f", extra, "-o", path, prog("hostile")}, 120);
        std::string t = read_file(path);
        unlink(path);
        EXPECT_EQ(r.code(), 0) << extra << "\n" << r.err;
        EXPECT_EQ(r.err, "") << extra;
        // (a line may be cut by the other thread's: only its first half is certain)
        EXPECT_NE(t.find("write(-1, 0xdead0000, 1099511627776"), std::string::npos) << extra;
        EXPECT_NE(t.find(", 0xdead0000, O_RDONLY"), std::string::npos) << extra;  // AT_FDCWD<cwd> with -yy
        EXPECT_NE(t.find("select(1073741824, 0xdead0000, 0xdead0000, 0xdead0000, 0xdead0000"), std::string::npos)
            << extra;
        EXPECT_NE(t.find("sendmsg("), std::string::npos) << extra;
        EXPECT_NE(t.find("+++ exited with 0 +++"), std::string::npos) << extra;
    }
}

TEST(Integration, LsLaIsStracesTrace) {
    // The first screen of every trace (loader, locale, stat family, xattrs, getdents64) read
    // exactly as strace prints it; only addresses, pids, random bytes and sizes that other
    // tests change under /tmp may differ.
    if (access("/usr/bin/strace", X_OK) != 0) GTEST_SKIP() << "strace is the oracle";
    char ref_path[] = "/tmp/wt-ls-ref.XXXXXX", got_path[] = "/tmp/wt-ls-got.XXXXXX";
    close(mkstemp(ref_path));
    close(mkstemp(got_path));
    auto a = run_cmd({"/usr/bin/env", "LC_ALL=C", "/usr/bin/strace", "-o", ref_path, "/bin/ls", "-la", "/"});
    auto b = run_cmd({"/usr/bin/env", "LC_ALL=C", wiretrace_bin(), "-o", got_path, "/bin/ls", "-la", "/"});
    ASSERT_EQ(a.code(), 0) << a.err;
    ASSERT_EQ(b.code(), 0) << b.err;
    auto norm = [](const std::string &text) {
        std::string t = std::regex_replace(text, std::regex("0x[0-9a-f]{6,}"), "ADDR");
        t = std::regex_replace(t, std::regex(R"(getrandom\("[^"]*")"), "getrandom(\"RANDOM\"");
        t = std::regex_replace(t, std::regex(R"((set_tid_address\(ADDR\) += )\d+)"), "$1PID");
        t = std::regex_replace(t, std::regex(R"((stx_size|st_size)=\d+)"), "$1=N");
        t = std::regex_replace(t, std::regex(R"(/\* \d+ entries \*/, (\d+)\) = \d+)"), "/* N entries */, $1) = N");
        return lines_of(t);
    };
    auto ra = norm(read_file(ref_path)), rb = norm(read_file(got_path));
    unlink(ref_path);
    unlink(got_path);
    EXPECT_GT(ra.size(), 100u);
    ASSERT_EQ(ra.size(), rb.size());
    for (size_t i = 0; i < ra.size(); i++) EXPECT_EQ(ra[i], rb[i]) << "line " << i + 1;
}
