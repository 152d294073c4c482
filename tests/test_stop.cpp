// Wait-status classification on synthetic statuses, built as the kernel encodes them.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/ptrace.h>

#include "tracer/stop.h"

using namespace wiretrace;
using K = Stop::Kind;

static int stopped(int sig, int event = 0) {
    return (event << 16) | (sig << 8) | 0x7f;
}

TEST(Stop, Classify) {
    EXPECT_EQ(Stop::classify(stopped(SIGTRAP | 0x80)).kind, K::Syscall);
    Stop s = Stop::classify(stopped(SIGCHLD));
    EXPECT_EQ(s.kind, K::SignalDelivery);
    EXPECT_EQ(s.sig, SIGCHLD);
    EXPECT_EQ(Stop::classify(stopped(SIGSTOP, PTRACE_EVENT_STOP)).kind, K::GroupStop);
    EXPECT_EQ(Stop::classify(stopped(SIGTTOU, PTRACE_EVENT_STOP)).kind, K::GroupStop);
    EXPECT_EQ(Stop::classify(stopped(SIGTRAP, PTRACE_EVENT_STOP)).kind, K::Interrupt);
    EXPECT_EQ(Stop::classify(stopped(SIGTRAP, PTRACE_EVENT_CLONE)).kind, K::Fork);
    EXPECT_EQ(Stop::classify(stopped(SIGTRAP, PTRACE_EVENT_VFORK)).kind, K::Fork);
    EXPECT_EQ(Stop::classify(stopped(SIGTRAP, PTRACE_EVENT_EXEC)).kind, K::Exec);
    EXPECT_EQ(Stop::classify(stopped(SIGTRAP, PTRACE_EVENT_SECCOMP)).kind, K::Seccomp);
    EXPECT_EQ(Stop::classify(stopped(SIGTRAP, PTRACE_EVENT_EXIT)).kind, K::OtherEvent);
    s = Stop::classify(3 << 8);
    EXPECT_EQ(s.kind, K::Exited);
    EXPECT_EQ(s.code, 3);
    EXPECT_TRUE(s.gone());
    s = Stop::classify(SIGSEGV | 0x80);
    EXPECT_EQ(s.kind, K::Killed);
    EXPECT_EQ(s.sig, SIGSEGV);
    EXPECT_TRUE(s.core);
}
