// strace's option grammar on real tracees: -ff files, -o pipes, status filters, timestamps,
// syscall numbers, quietness, and the startup options -E, -u, -D.
#include <gtest/gtest.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "run_helper.h"

namespace {
struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/wt-cli.XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { (void)!system(("rm -rf " + path).c_str()); }
    std::vector<std::string> files() const {
        std::vector<std::string> out;
        if (DIR *d = opendir(path.c_str())) {
            while (dirent *e = readdir(d))
                if (e->d_name[0] != '.') out.push_back(e->d_name);
            closedir(d);
        }
        std::sort(out.begin(), out.end());
        return out;
    }
};
}  // namespace

TEST(Cli, OutputSeparatelyWritesOneFilePerProcess) {
    TempDir d;
    auto r = run_cmd({wiretrace_bin(), "-ff", "-o", d.path + "/trace", "-e", "trace=write,exit_group", prog("forker")});
    EXPECT_EQ(r.code(), 0) << r.err;
    EXPECT_EQ(r.err, "") << "a launched command with -o is quiet about attaching, as strace";
    auto files = d.files();
    ASSERT_EQ(files.size(), 3u) << "parent, child and thread";
    int child = 0, thread = 0, parent = 0;
    for (const auto &f : files) {
        ASSERT_TRUE(std::regex_match(f, std::regex(R"(trace\.\d+)"))) << f;
        std::string t = read_file(d.path + "/" + f);
        // no pid prefix in a file of its own
        for (const auto &l : lines_of(t)) EXPECT_FALSE(std::regex_match(l, std::regex(R"(^\[pid.*|^\d+ .*)"))) << l;
        if (has_line(t, R"(write(3, "child\n", 6)                  = 6)")) {
            child++;
            EXPECT_TRUE(has_line(t, "+++ exited with 3 +++")) << t;
        }
        if (has_line(t, R"(write(3, "thread\n", 7)                 = 7)")) thread++;
        if (has_line(t, R"(write(3, "parent\n", 7)                 = 7)")) {
            parent++;
            EXPECT_TRUE(has_line(t, "+++ exited with 0 +++")) << t;
        }
    }
    EXPECT_EQ(child + thread + parent, 3);
    EXPECT_EQ(child, 1);
    EXPECT_EQ(thread, 1);
}

TEST(Cli, OutputToAPipe) {
    TempDir d;
    std::string file = d.path + "/piped";
    auto r = run_cmd({wiretrace_bin(), "-o", "|tr a-z A-Z >" + file, "-e", "trace=write", prog("basic_calls")});
    EXPECT_EQ(r.code(), 0) << r.err;
    std::string t = read_file(file);  // the reader has finished: wiretrace waited for it
    EXPECT_TRUE(has_line(t, R"(WRITE(3, "HELLO\N", 6)                  = 6)")) << t;
    EXPECT_TRUE(has_line(t, "+++ EXITED WITH 0 +++")) << t;
}

TEST(Cli, AppendMode) {
    TempDir d;
    std::string file = d.path + "/t";
    run_cmd({wiretrace_bin(), "-o", file, "-e", "trace=write", prog("basic_calls")});
    run_cmd({wiretrace_bin(), "-A", "-o", file, "-e", "trace=write", prog("basic_calls")});
    std::string t = read_file(file);
    auto exits = [](const std::string &text) {
        auto ls = lines_of(text);
        return std::count(ls.begin(), ls.end(), std::string("+++ exited with 0 +++"));
    };
    EXPECT_EQ(exits(t), 2) << t;
    run_cmd({wiretrace_bin(), "-o", file, "-e", "trace=write", prog("basic_calls")});
    t = read_file(file);
    EXPECT_EQ(exits(t), 1) << "truncated without -A: " << t;
}

TEST(Cli, StatusFilters) {
    const std::string calls = "trace=openat,write,access,exit_group";
    auto failed = run_cmd({wiretrace_bin(), "-Z", "-e", calls, prog("basic_calls")});
    EXPECT_EQ(failed.code(), 0);
    for (const auto &l : lines_of(failed.err)) {
        if (l.rfind("+++", 0) == 0) continue;
        EXPECT_NE(l.find(" = -1 E"), std::string::npos) << l;
    }
    EXPECT_TRUE(has_line(norm_addrs(failed.err),
                         R"(access("/nonexistent-wiretrace", F_OK)  = -1 ENOENT (No such file or directory))"))
        << failed.err;

    auto ok = run_cmd({wiretrace_bin(), "-z", "-e", calls, prog("basic_calls")});
    EXPECT_EQ(ok.err.find(" = -1 "), std::string::npos) << ok.err;
    EXPECT_EQ(ok.err.find("exit_group"), std::string::npos) << "unfinished is not successful: " << ok.err;
    EXPECT_TRUE(has_line(ok.err, R"(write(3, "hello\n", 6)                  = 6)")) << ok.err;

    auto unfinished = run_cmd({wiretrace_bin(), "-e", "status=unfinished", "-e", calls, prog("basic_calls")});
    EXPECT_EQ(lines_of(unfinished.err),
              (std::vector<std::string>{"exit_group(0)                           = ?", "+++ exited with 0 +++"}));
}

TEST(Cli, RelativeTimestampsAndSyscallNumbers) {
    auto r = run_cmd({wiretrace_bin(), "-r", "-n", "-e", "trace=write", prog("basic_calls")});
    auto ls = lines_of(r.err);
    ASSERT_GE(ls.size(), 2u) << r.err;
    EXPECT_TRUE(std::regex_match(ls[0], std::regex(R"( +0\.000000 \[   1\] write\(.*)"))) << ls[0];
    for (const auto &l : ls) EXPECT_TRUE(std::regex_match(l, std::regex(R"( +\d+\.\d{6} \[ +\d+\] \S.*)"))) << l;

    r = run_cmd({wiretrace_bin(), "-tt", "-r", "--syscall-times=ns", "-e", "trace=write", prog("basic_calls")});
    ls = lines_of(r.err);
    ASSERT_GE(ls.size(), 2u) << r.err;
    EXPECT_TRUE(
        std::regex_match(ls[0], std::regex(R"(\d\d:\d\d:\d\d\.\d{6} \(\+ +\d+\.\d{6}\) write\(.* <\d+\.\d{9}>)")))
        << ls[0];
}

TEST(Cli, QuietLevels) {
    auto r = run_cmd({wiretrace_bin(), "-qq", "-f", "-e", "trace=none", "-e", "signal=none", prog("forker")});
    EXPECT_EQ(r.err, "") << "-qq: neither attach messages nor exit lines";
    r = run_cmd({wiretrace_bin(), "-e", "quiet=exit", "-f", "-e", "trace=none", prog("forker")});
    EXPECT_NE(r.err.find("attached"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("+++"), std::string::npos) << r.err;
    r = run_cmd({wiretrace_bin(), "-f", "-e", "trace=none", prog("forker")});
    EXPECT_NE(r.err.find("wiretrace: Process "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("+++ exited with 0 +++"), std::string::npos) << r.err;
}

TEST(Cli, EnvironmentAndUser) {
    setenv("WT_REMOVE_ME", "1", 1);
    auto r = run_cmd({wiretrace_bin(), "-E", "WT_ADDED=yes", "-E", "WT_REMOVE_ME", "-e", "trace=none", "/usr/bin/env"});
    unsetenv("WT_REMOVE_ME");
    EXPECT_EQ(r.code(), 0) << r.err;
    EXPECT_NE(r.out.find("WT_ADDED=yes\n"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("WT_REMOVE_ME"), std::string::npos) << r.out;

    if (geteuid() != 0) GTEST_SKIP() << "-u needs root";
    r = run_cmd({wiretrace_bin(), "-u", "nobody", "-e", "trace=none", "/usr/bin/id", "-u"});
    EXPECT_EQ(r.code(), 0) << r.err;
    EXPECT_EQ(r.out, "65534\n");
    r = run_cmd({wiretrace_bin(), "-u", "no-such-user-wt", "/bin/true"});
    EXPECT_EQ(r.code(), 1);
    EXPECT_EQ(r.err, "wiretrace: Cannot find user 'no-such-user-wt'\n");
}

TEST(Cli, DaemonizeKeepsTheCommandOurChild) {
    TempDir d;
    std::string file = d.path + "/t";
    // With -D the process run_cmd started becomes the command: its parent is this test.
    auto r = run_cmd({wiretrace_bin(), "-D", "-o", file, "-e", "trace=write", "/bin/sh", "-c",
                      "cat /proc/$PPID/comm; echo done >/dev/null"});
    EXPECT_EQ(r.code(), 0) << r.err;
    std::string self = read_file("/proc/self/comm");
    EXPECT_EQ(r.out, self);
    // the tracer, a grandchild, finishes on its own
    std::string t;
    for (int i = 0; i < 400 && t.find("+++ exited with 0 +++") == std::string::npos; i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        t = read_file(file);
    }
    EXPECT_TRUE(has_line(t, R"(write(1, "done\n", 5)                   = 5)")) << t;
    EXPECT_TRUE(has_line(t, "+++ exited with 0 +++")) << t;
}

TEST(Cli, SeccompBpfPrintsTheSameCalls) {
    // one file per task (-ff), so no line is ever cut by another task's: the same calls, pids aside
    TempDir plain_dir, bpf_dir;
    auto plain =
        run_cmd({wiretrace_bin(), "-ff", "-o", plain_dir.path + "/t", "-e", "trace=write,openat", prog("forker")});
    auto bpf = run_cmd({wiretrace_bin(), "-ff", "-o", bpf_dir.path + "/t", "--seccomp-bpf", "-e", "trace=write,openat",
                        prog("forker")});
    EXPECT_EQ(bpf.code(), 0) << bpf.err;
    auto calls = [](const TempDir &d) {
        std::vector<std::string> out;
        for (const auto &f : d.files())
            for (auto l : lines_of(read_file(d.path + "/" + f)))
                out.push_back(std::regex_replace(l, std::regex(R"(si_pid=\d+)"), "si_pid=N"));
        std::sort(out.begin(), out.end());
        return out;
    };
    auto b = calls(bpf_dir);
    EXPECT_EQ(b, calls(plain_dir));
    EXPECT_NE(std::find(b.begin(), b.end(), std::string(R"(write(3, "thread\n", 7)                 = 7)")), b.end())
        << "threads inherit the filter";

    auto r = run_cmd({wiretrace_bin(), "--seccomp-bpf", "-e", "trace=none", "/bin/true"});
    EXPECT_EQ(r.err,
              "wiretrace: --seccomp-bpf cannot be used without -f/--follow-forks, disabling\n+++ exited with 0 +++\n");
}

TEST(Cli, SeccompBpfInterruptKeepsTheCommandWorking) {
    TempDir d;
    std::string beat = d.path + "/beat";
    pid_t wt = spawn_bg({wiretrace_bin(), "-f", "--seccomp-bpf", "-e", "trace=openat", prog("looper"), beat},
                        d.path + "/out", d.path + "/err");
    auto beat_time = [&] {
        struct stat st;
        return stat(beat.c_str(), &st) == 0 ? st.st_mtim.tv_sec * 1000000000L + st.st_mtim.tv_nsec : -1L;
    };
    for (int i = 0; i < 500 && beat_time() < 0; i++) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_GT(beat_time(), 0) << read_file(d.path + "/err");
    std::string children = read_file("/proc/" + std::to_string(wt) + "/task/" + std::to_string(wt) + "/children");
    pid_t looper = atoi(children.c_str());
    ASSERT_GT(looper, 0);
    kill(wt, SIGTERM);
    // Detached, the looper's openat would fail with ENOSYS and the beat would stop.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    long before = beat_time();
    bool moved = false;
    for (int i = 0; i < 300 && !moved; i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        moved = beat_time() != before;
    }
    EXPECT_TRUE(moved) << "the command stopped working after the interrupt";
    EXPECT_NE(read_file(d.path + "/err").find("stays attached, silent"), std::string::npos);
    kill(looper, SIGKILL);
    int st = 0;
    ASSERT_EQ(waitpid(wt, &st, 0), wt);
    EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM) << st;
}
