// Decoders of issue 20's families on real processes, with Debian's strace as the oracle: the
// same program traced by both, what differs between runs (ids, times, addresses, pids) set
// aside.
#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>

#include "run_helper.h"

namespace {
std::string trace(const std::string &tracer, const std::vector<std::string> &args) {
    std::string out = "/tmp/wt-decode." + std::to_string(getpid()) + ".out";
    std::vector<std::string> argv = {"/usr/bin/env", "LC_ALL=C", tracer, "-o", out};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = run_cmd(argv);
    EXPECT_EQ(r.code(), 0) << r.err;
    std::string t = read_file(out);
    unlink(out.c_str());
    t = std::regex_replace(t, std::regex("0x[0-9a-f]{9,}"), "ADDR");
    // the highest index in use, which *_INFO returns, depends on what else the machine holds
    t = std::regex_replace(t, std::regex(R"((_INFO, .*\) += )\d+)"), "$1IDX");
    t = std::regex_replace(t, std::regex(R"(((?:lspid|lrpid|cpid|lpid)=)\d+)"), "$1PID");
    t = std::regex_replace(t, std::regex(R"(wiretrace-mq-\d+)"), "wiretrace-mq-PID");
    return std::regex_replace(t, std::regex(R"(\b\d{5,}\b)"), "N");
}
}  // namespace

// System V message queues, semaphores and shared memory (keys, flags with the mode in octal,
// message buffers, sembuf arrays, the *_ds and *info structures at exit) and POSIX message
// queues (attributes, messages, priorities, sigevents).
TEST(DecodeVsStrace, SysvIpc) {
    if (access("/usr/bin/strace", X_OK) != 0) GTEST_SKIP() << "strace is the oracle";
    std::vector<std::string> args = {"-e", "trace=%ipc,/^mq_", prog("sysv_ipc")};
    std::string a = trace("/usr/bin/strace", args), b = trace(wiretrace_bin(), args);
    EXPECT_EQ(a, b);
    EXPECT_NE(b.find("msgsnd(N, {mtype=7, mtext=\"hello, queue"), std::string::npos) << b;
    // (glibc's semop is semtimedop without a timeout)
    EXPECT_NE(b.find("semtimedop(N, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}, {sem_num=1, sem_op=1, "
                     "sem_flg=IPC_NOWAIT}], 2, NULL)"),
              std::string::npos)
        << b;
    EXPECT_NE(b.find("shmctl(N, IPC_STAT, {shm_perm={uid=0, gid=0, mode=0600"), std::string::npos) << b;
    EXPECT_NE(b.find("mq_timedreceive(3, \"posix message\", 32, [5], {tv_sec=N, tv_nsec=0}) = 13"), std::string::npos)
        << b;
    EXPECT_NE(b.find("mq_notify(3, {sigev_signo=SIGUSR2, sigev_notify=SIGEV_SIGNAL}) = 0"), std::string::npos) << b;
}
