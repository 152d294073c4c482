// The generated syscall table against libseccomp's resolver and the kernel headers.
#include <gtest/gtest.h>
#include <seccomp.h>
#include <sys/syscall.h>

#include <set>
#include <string>

#include "syscalls/syscall_table.h"
#include "syscalls/xlat.h"

using namespace wiretrace;

TEST(SyscallTable, EveryRowMatchesLibseccomp) {
    int checked = 0;
    for (const auto &r : all_syscalls()) {
        int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, r.name);
        EXPECT_EQ(nr, r.nr) << r.name;
        char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, r.nr);
        ASSERT_NE(name, nullptr) << r.nr;
        EXPECT_STREQ(name, r.name);
        free(name);
        checked++;
    }
    EXPECT_GE(checked, 360);
}

TEST(SyscallTable, CoversEveryNumberTheHeadersKnow) {
    // 0..334 and 424..450 on Debian 12's headers; nothing in between.
    for (int nr = 0; nr <= 450; nr++) {
        bool expected = nr <= 334 || nr >= 424;
        EXPECT_EQ(syscall_by_nr(nr) != nullptr, expected) << nr;
    }
    EXPECT_EQ(syscall_by_nr(-1), nullptr);
    EXPECT_EQ(syscall_by_nr(451), nullptr);
    EXPECT_EQ(syscall_by_nr(100000), nullptr);
}

TEST(SyscallTable, LookupByNameAndClasses) {
    const SyscallInfo *s = syscall_by_name("connect");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->nr, SYS_connect);
    EXPECT_EQ(s->nargs, 3);
    EXPECT_TRUE(s->classes & cls(SyscallClass::Network));
    EXPECT_EQ(syscall_by_name("nosuchcall"), nullptr);
    EXPECT_EQ(syscall_by_name("mmap")->ret, RetKind::Hex);
    EXPECT_EQ(syscall_by_name("openat")->ret, RetKind::Fd);
    EXPECT_EQ(syscall_by_name("exit_group")->ret, RetKind::NoReturn);
    EXPECT_TRUE(syscall_by_name("openat")->classes & cls(SyscallClass::Desc));
    EXPECT_TRUE(syscall_by_name("openat")->classes & cls(SyscallClass::File));
    EXPECT_TRUE(syscall_by_name("clone3")->classes & cls(SyscallClass::Process));
    EXPECT_TRUE(syscall_by_name("kill")->classes & cls(SyscallClass::Signal));
}

TEST(SyscallTable, NetworkClassIsStracesSet) {
    std::set<std::string> got;
    uint32_t bits = 0;
    ASSERT_TRUE(syscall_class_by_name("%network", bits));
    for (const auto &r : all_syscalls())
        if (r.classes & bits) got.insert(r.name);
    std::set<std::string> want = {"socket",   "socketpair", "bind",        "listen",      "accept",
                                  "accept4",  "connect",    "getsockname", "getpeername", "sendto",
                                  "recvfrom", "sendmsg",    "recvmsg",     "sendmmsg",    "recvmmsg",
                                  "shutdown", "setsockopt", "getsockopt",  "getpmsg",     "putpmsg"};
    EXPECT_EQ(got, want);
}

TEST(SyscallTable, ClassAliases) {
    uint32_t b = 0;
    EXPECT_TRUE(syscall_class_by_name("%net", b));
    EXPECT_EQ(b, cls(SyscallClass::Network));
    EXPECT_TRUE(syscall_class_by_name("network", b));
    EXPECT_TRUE(syscall_class_by_name("process", b));
    EXPECT_TRUE(syscall_class_by_name("%creds", b));
    EXPECT_FALSE(syscall_class_by_name("creds", b));  // only the historical classes go bare
    EXPECT_FALSE(syscall_class_by_name("%nosuch", b));
}

TEST(Xlat, SignalNames) {
    char buf[16];
    EXPECT_EQ(signal_name(17, buf), "SIGCHLD");
    EXPECT_EQ(signal_name(32, buf), "SIGRTMIN");
    EXPECT_EQ(signal_name(35, buf), "SIGRT_3");
    EXPECT_EQ(signal_name(99, buf), "99");
    EXPECT_EQ(signal_by_name("TERM"), 15);
    EXPECT_EQ(signal_by_name("SIGKILL"), 9);
    EXPECT_EQ(signal_by_name("10"), 10);
    EXPECT_EQ(signal_by_name("SIGNOPE"), 0);
}
