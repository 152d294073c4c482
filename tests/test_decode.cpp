// Decoders over fake tracee memory (with unmapped holes), against strace's output.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <linux/perf_event.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>

#include <cstring>
#include <map>
#include <vector>

#include "decode/decoder.h"
#include "decoders.h"
#include "syscalls/syscall_table.h"

#include "fake_memory.h"

using namespace wiretrace;
using wiretrace_test::Decode;
using wiretrace_test::FakeMemory;

TEST(Quote, StraceEscapes) {
    std::string s;
    const unsigned char b[] = {'a', '"', '\\', '\n', '\t', 0, '1', 0, 'x', 7, 033, 0177, 0200, 0377};
    Call::quote(s, b, sizeof b, false);
    EXPECT_EQ(s, R"("a\"\\\n\t\0001\0x\7\33\177\200\377")");
}

TEST(Decode, WriteAppliesStringLimit) {
    Decode d;
    d.mem.map_str(0x1000, "abcdefghijklmnopqrstuvwxyz0123456789");
    EXPECT_EQ(d.run("write", {3, 0x1000, 36}, 36), R"(3, "abcdefghijklmnopqrstuvwxyz012345"..., 36)");
    d.opt.max_strlen = 4;
    EXPECT_EQ(d.run("write", {3, 0x1000, 3}, 3), R"(3, "abc", 3)");
    d.opt.max_strlen = 0;
    EXPECT_EQ(d.run("write", {3, 0x1000, 3}, 3), R"(3, ""..., 3)");
}

TEST(Decode, UnreadableMemoryPrintsTheAddress) {
    Decode d;
    EXPECT_EQ(d.run("write", {1, 0xdead0000, 10}, -14), "1, 0xdead0000, 10");
    EXPECT_EQ(d.run("openat", {static_cast<uint64_t>(-100), 1, O_RDONLY}, -14), "AT_FDCWD, 0x1, O_RDONLY");
    EXPECT_EQ(d.run("read", {3, 0x5000, 64}, 10), "3, 0x5000, 64");
    // A string whose NUL lies beyond a hole.
    d.mem.map(0x2000, "abc", 3);
    EXPECT_EQ(d.run("unlink", {0x2000}, 0), "0x2000");
    EXPECT_EQ(d.run("execve", {0x2000, 0x7000, 0x8000}, -14), "0x2000, 0x7000, 0x8000");
}

TEST(Decode, OpenFlagsAndMode) {
    Decode d;
    d.mem.map_str(0x1000, "data.bin");
    EXPECT_EQ(d.run("openat", {static_cast<uint64_t>(-100), 0x1000, O_RDWR | O_CREAT | O_TRUNC, 0600}, 3),
              R"(AT_FDCWD, "data.bin", O_RDWR|O_CREAT|O_TRUNC, 0600)");
    EXPECT_EQ(d.run("openat", {3, 0x1000, O_RDONLY | O_CLOEXEC | O_DIRECTORY}, 4),
              R"(3, "data.bin", O_RDONLY|O_CLOEXEC|O_DIRECTORY)");
    EXPECT_EQ(d.run("open", {0x1000, O_WRONLY | 0x40000000}, 4), R"("data.bin", O_WRONLY|0x40000000)");
}

TEST(Decode, MmapAndFriends) {
    Decode d;
    EXPECT_EQ(
        d.run("mmap", {0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, static_cast<uint64_t>(-1), 0},
              0x7f0000000000),
        "NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0");
    EXPECT_EQ(d.run("mmap", {0x7f0000001000, 4096, PROT_NONE, MAP_SHARED | MAP_FIXED, 3, 0x26000}, 0),
              "0x7f0000001000, 4096, PROT_NONE, MAP_SHARED|MAP_FIXED, 3, 0x26000");
    EXPECT_EQ(d.run("mprotect", {0x7f0000001000, 16384, PROT_READ}, 0), "0x7f0000001000, 16384, PROT_READ");
    EXPECT_EQ(d.run("brk", {0}, 0x5000), "NULL");
}

TEST(Decode, StatAbbreviated) {
    Decode d;
    struct stat st {};
    st.st_mode = S_IFREG | 0644;
    st.st_size = 41491;
    d.mem.map(0x3000, &st, sizeof st);
    d.mem.map_str(0x1000, "");
    EXPECT_EQ(d.run("newfstatat", {3, 0x1000, 0x3000, AT_EMPTY_PATH}, 0),
              R"(3, "", {st_mode=S_IFREG|0644, st_size=41491, ...}, AT_EMPTY_PATH)");
    st.st_mode = S_IFCHR | 0666;
    st.st_rdev = makedev(1, 3);
    d.mem.map(0x3000, &st, sizeof st);
    EXPECT_EQ(d.run("fstat", {1, 0x3000}, 0), "1, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}");
    EXPECT_EQ(d.run("fstat", {1, 0x3000}, -9), "1, 0x3000");
}

TEST(Decode, ExecveArgvAndEnvCount) {
    Decode d;
    d.mem.map_str(0x1000, "./prog");
    d.mem.map_str(0x1100, "an argument that is definitely longer than thirty-two characters");
    d.mem.map_str(0x1200, "A=1");
    uint64_t argv[] = {0x1000, 0x1100, 0};
    uint64_t envp[] = {0x1200, 0x1200, 0x1200, 0};
    d.mem.map(0x2000, argv, sizeof argv);
    d.mem.map(0x7ffd00002100, envp, sizeof envp);
    EXPECT_EQ(d.run("execve", {0x1000, 0x2000, 0x7ffd00002100}, 0),
              R"("./prog", ["./prog", "an argument that is definitely l"...], 0x7ffd00002100 /* 3 vars */)");
    d.opt.max_strlen = 1;
    EXPECT_EQ(d.run("execve", {0x1000, 0x2000, 0}, 0), R"("./prog", ["."..., ...], NULL)");
}

TEST(Decode, ProcessCalls) {
    Decode d;
    uint64_t rl[2] = {8192 * 1024, ~0ULL};
    d.mem.map(0x4000, rl, sizeof rl);
    EXPECT_EQ(d.run("prlimit64", {0, 3, 0, 0x4000}, 0),
              "0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}");
    int st = 5 << 8;
    d.mem.map(0x5000, &st, sizeof st);
    EXPECT_EQ(d.run("wait4", {1234, 0x5000, 0, 0}, 1234), "1234, [{WIFEXITED(s) && WEXITSTATUS(s) == 5}], 0, NULL");
    EXPECT_EQ(d.run("kill", {1234, 15}, 0), "1234, SIGTERM");
    EXPECT_EQ(d.run("arch_prctl", {0x1002, 0x7f0000000740}, 0), "ARCH_SET_FS, 0x7f0000000740");
    timespec ts{0, 10000000};
    d.mem.map(0x6000, &ts, sizeof ts);
    EXPECT_EQ(d.run("clock_nanosleep", {1, 0, 0x6000, 0}, 0), "CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=10000000}, NULL");
    EXPECT_EQ(d.run("rseq", {0x7f0000000060, 0x20, 0, 0x53053053}, 0), "0x7f0000000060, 0x20, 0, 0x53053053");
}

TEST(Decode, GenericPrintsHexArguments) {
    Decode d;
    EXPECT_EQ(d.run("io_submit", {0, 2, 0x7f0000000000}, 0), "0, 0x2, 0x7f0000000000");
}

TEST(Decode, Siginfo) {
    FakeMemory mem;
    DecodeOptions opt;
    std::string out;
    Call c(mem, opt, out);
    siginfo_t si{};
    si.si_signo = SIGCHLD;
    si.si_code = CLD_EXITED;
    si.si_pid = 77;
    si.si_status = 3;
    print_siginfo(c, si);
    EXPECT_EQ(out, "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=77, si_uid=0, si_status=3, si_utime=0, si_stime=0}");
    out.clear();
    siginfo_t sv{};
    sv.si_signo = SIGSEGV;
    sv.si_code = SEGV_MAPERR;
    sv.si_addr = reinterpret_cast<void *>(0x10);
    print_siginfo(c, sv);
    EXPECT_EQ(out, "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10}");
}

TEST(Decode, SignalMasksAndActions) {
    Decode d;
    uint64_t usr1_rt4 = (1ULL << (SIGUSR1 - 1)) | (1ULL << (36 - 1));
    d.mem.map(0x1000, &usr1_rt4, 8);
    uint64_t all_but_two = ~((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)));
    d.mem.map(0x2000, &all_but_two, 8);
    EXPECT_EQ(d.run("rt_sigprocmask", {SIG_BLOCK, 0x1000, 0, 8}, 0), "SIG_BLOCK, [USR1 RT_4], NULL, 8");
    EXPECT_EQ(d.run("rt_sigprocmask", {SIG_SETMASK, 0x2000, 0, 8}, 0), "SIG_SETMASK, ~[KILL STOP], NULL, 8");
    EXPECT_EQ(d.run("rt_sigprocmask", {0x4d, 0x1000, 0x3000, 8}, -EINVAL),
              "0x4d /* SIG_??? */, [USR1 RT_4], 0x3000, 8");
    EXPECT_EQ(d.run("rt_sigprocmask", {SIG_BLOCK, 0x9999, 0, 8}, -EFAULT), "SIG_BLOCK, 0x9999, NULL, 8");
    uint64_t act[4] = {1, 0x04000000, 0x7f0000001234, 0};
    d.mem.map(0x4000, act, sizeof act);
    EXPECT_EQ(d.run("rt_sigaction", {SIGPIPE, 0x4000, 0, 8}, 0),
              "SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x7f0000001234}, NULL, 8");
}

TEST(Decode, CloneFamily) {
    Decode d;
    EXPECT_EQ(d.run("clone", {0x1200011, 0, 0, 0x7f00000010a0, 0}, 1234),
              "child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00000010a0");
    uint64_t args[11] = {0x3d0f00, 0, 0x7f0000002000, 0x7f0000002000, 0, 0x7f0000100000, 0x7fff80, 0x7f0000003000};
    d.mem.map(0x5000, args, 88);
    int tid = 4321;
    d.mem.map(0x7f0000002000, &tid, 4);
    EXPECT_EQ(d.run("clone3", {0x5000, 88}, 4321),
              "{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
              "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f0000002000, parent_tid=0x7f0000002000, "
              "exit_signal=0, stack=0x7f0000100000, stack_size=0x7fff80, tls=0x7f0000003000} => "
              "{parent_tid=[4321]}, 88");
    EXPECT_EQ(d.run("clone3", {0x9000, 88}, -EFAULT), "0x9000, 88");
}

TEST(Decode, MsghdrWithIovecsAndRights) {
    Decode d;
    d.mem.map_str(0x1000, "first ");
    d.mem.map_str(0x1100, "second ");
    uint64_t iov[4] = {0x1000, 6, 0x1100, 7};
    d.mem.map(0x2000, iov, sizeof iov);
    unsigned char ctl[24] = {};
    uint64_t clen = 24;
    int lvl = SOL_SOCKET, type = SCM_RIGHTS, fds[2] = {5, 7};
    std::memcpy(ctl, &clen, 8);
    std::memcpy(ctl + 8, &lvl, 4);
    std::memcpy(ctl + 12, &type, 4);
    std::memcpy(ctl + 16, fds, 8);
    d.mem.map(0x3000, ctl, sizeof ctl);
    struct msghdr m {};
    m.msg_iov = reinterpret_cast<iovec *>(0x2000);
    m.msg_iovlen = 2;
    m.msg_control = reinterpret_cast<void *>(0x3000);
    m.msg_controllen = 24;
    d.mem.map(0x4000, &m, sizeof m);
    EXPECT_EQ(d.run("sendmsg", {3, 0x4000, 0}, 13),
              R"(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="first ", iov_len=6}, {iov_base="second ", )"
              R"(iov_len=7}], msg_iovlen=2, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, )"
              R"(cmsg_data=[5, 7]}], msg_controllen=24, msg_flags=0}, 0)");
    // a receive shows only the bytes it got, spread over the iovecs
    m.msg_controllen = 0;
    d.mem.map(0x4000, &m, sizeof m);
    EXPECT_EQ(d.run("recvmsg", {4, 0x4000, MSG_DONTWAIT}, 8),
              R"(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="first ", iov_len=6}, {iov_base="se", )"
              R"(iov_len=7}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, MSG_DONTWAIT)");
    EXPECT_EQ(d.run("recvmsg", {4, 0x9000, 0}, -EAGAIN), "4, 0x9000, 0");
}

TEST(Decode, SockoptValues) {
    Decode d;
    int linger[2] = {1, 5};
    d.mem.map(0x1000, linger, sizeof linger);
    EXPECT_EQ(d.run("setsockopt", {3, SOL_SOCKET, SO_LINGER, 0x1000, 8}, 0),
              "3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8");
    EXPECT_EQ(d.run("setsockopt", {3, SOL_SOCKET, SO_LINGER, 0x1000, 2}, -EINVAL),
              "3, SOL_SOCKET, SO_LINGER, 0x1000, 2");
    int ttl = 7;
    d.mem.map(0x2000, &ttl, 4);
    EXPECT_EQ(d.run("setsockopt", {3, 0, 2, 0x2000, 4}, 0), "3, SOL_IP, IP_TTL, [7], 4");
    EXPECT_EQ(d.run("setsockopt", {3, 41, 26, 0x2000, 4}, 0), "3, SOL_IPV6, IPV6_V6ONLY, [7], 4");
}

TEST(Decode, FcntlResults) {
    Decode d;
    d.run("fcntl", {3, F_GETFL}, 0x8002);
    EXPECT_EQ(d.out, "3, F_GETFL");
    // (the result text is the Call's; Decode::run does not keep it, so check through a Call)
    std::string out;
    Call c(d.mem, d.opt, out);
    const SyscallInfo *info = syscall_by_name("fcntl");
    uint64_t args[6] = {3, F_GETFD};
    c.reset(info, info->nr, args);
    info->decode(c);
    c.set_exit(1);
    info->decode(c);
    EXPECT_EQ(c.result_text(), "0x1 (flags FD_CLOEXEC)");
    EXPECT_EQ(d.run("fcntl", {3, F_SETFL, O_RDONLY | O_NONBLOCK}, 0), "3, F_SETFL, O_RDONLY|O_NONBLOCK");
    EXPECT_EQ(d.run("fcntl", {3, 0x3039, 0x1000}, -EINVAL), "3, 0x3039 /* F_??? */, 0x1000");
}

TEST(Decode, PollAndEpoll) {
    Decode d;
    struct pollfd p[2] = {{5, POLLIN, 0}, {3, POLLOUT, 0}};
    d.mem.map(0x1000, p, sizeof p);
    EXPECT_EQ(d.run("poll", {0x1000, 2, 0}, 0), "[{fd=5, events=POLLIN}, {fd=3, events=POLLOUT}], 2, 0");
    struct epoll_event e {};
    e.events = EPOLLIN;
    e.data.u64 = 4660;
    d.mem.map(0x2000, &e, sizeof e);
    EXPECT_EQ(d.run("epoll_ctl", {8, EPOLL_CTL_ADD, 7, 0x2000}, 0),
              "8, EPOLL_CTL_ADD, 7, {events=EPOLLIN, data={u32=4660, u64=4660}}");
    EXPECT_EQ(d.run("epoll_wait", {8, 0x2000, 4, 0}, 1), "8, [{events=EPOLLIN, data={u32=4660, u64=4660}}], 4, 0");
    uint64_t set = 1 << 5;
    d.mem.map(0x3000, &set, 8);
    EXPECT_EQ(d.run("select", {6, 0x3000, 0, 0, 0}, 1), "6, [5], NULL, NULL, NULL");
}

// perf_event_open: the attribute structure is read at entry and shown at exit, abbreviated
// without -v (the set flags only, up to the reserved bits), whole with it; sizes the kernel
// would refuse, and unreadable structures, are shown as addresses.
TEST(Decode, PerfEventAttr) {
    Decode d;
    perf_event_attr a{};
    a.type = PERF_TYPE_SOFTWARE;
    a.size = sizeof a;
    a.config = PERF_COUNT_SW_CPU_CLOCK;
    a.sample_period = 4000;
    a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
    a.disabled = 1;
    a.exclude_kernel = 1;
    d.mem.map(0x1000, &a, sizeof a);
    EXPECT_EQ(d.run("perf_event_open", {0x1000, 0, static_cast<uint64_t>(-1), static_cast<uint64_t>(-1), 8}, 3),
              "{type=PERF_TYPE_SOFTWARE, size=PERF_ATTR_SIZE_VER7, config=PERF_COUNT_SW_CPU_CLOCK, "
              "sample_period=4000, sample_type=PERF_SAMPLE_IP|PERF_SAMPLE_TID, read_format=0, disabled=1, "
              "exclude_kernel=1, precise_ip=0 /* arbitrary skid */, ...}, 0, -1, -1, PERF_FLAG_FD_CLOEXEC");
    d.opt.abbrev = false;
    std::string full =
        d.run("perf_event_open", {0x1000, 0, static_cast<uint64_t>(-1), static_cast<uint64_t>(-1), 0}, 3);
    EXPECT_NE(full.find("disabled=1, inherit=0, pinned=0"), std::string::npos) << full;
    EXPECT_NE(full.find(", wakeup_events=0, config1=0, config2=0, sample_regs_user=0, sample_regs_intr=0, "
                        "aux_watermark=0, sample_max_stack=0, aux_sample_size=0, sig_data=0}, 0, -1, -1, 0"),
              std::string::npos)
        << full;
    a.size = 32;  // below the first version's 64 bytes
    d.mem.map(0x3000, &a, sizeof a);
    EXPECT_EQ(d.run("perf_event_open", {0x3000, 0, 0, static_cast<uint64_t>(-1), 0}, -EINVAL), "0x3000, 0, 0, -1, 0");
    EXPECT_EQ(d.run("perf_event_open", {0x9000, 0, 0, static_cast<uint64_t>(-1), 0}, -EFAULT), "0x9000, 0, 0, -1, 0");
}

// openat2's open_how, as strace 6.1 prints it: mode only when it matters, unknown resolve bits,
// the bytes past the known structure when they are not zero, the address when short or unreadable.
TEST(Decode, Openat2OpenHow) {
    Decode d;
    d.mem.map_str(0x1000, "f");
    uint64_t how[4] = {O_WRONLY | O_CREAT, 0755, 0x01 | 0x10, 0};
    d.mem.map(0x2000, how, sizeof how);
    EXPECT_EQ(d.run("openat2", {static_cast<uint64_t>(-100), 0x1000, 0x2000, 24}, -EBADF),
              R"(AT_FDCWD, "f", {flags=O_WRONLY|O_CREAT, mode=0755, resolve=RESOLVE_NO_XDEV|RESOLVE_IN_ROOT}, 24)");
    how[0] = O_RDONLY;
    how[1] = 0;
    how[2] = 0xc0;
    how[3] = 0x0807;
    d.mem.map(0x2000, how, sizeof how);
    EXPECT_EQ(
        d.run("openat2", {static_cast<uint64_t>(-1), 0x1000, 0x2000, 32}, -E2BIG),
        R"(-1, "f", {flags=O_RDONLY, resolve=0xc0 /* RESOLVE_??? */, /* bytes 24..31 */ "\x07\x08\x00\x00\x00\x00\x00\x00"}, 32)");
    EXPECT_EQ(d.run("openat2", {static_cast<uint64_t>(-1), 0x1000, 0x2000, 11}, -EINVAL), R"(-1, "f", 0x2000, 11)");
    EXPECT_EQ(d.run("openat2", {static_cast<uint64_t>(-1), 0x1000, 0x2000, 40}, -EFAULT),
              R"(-1, "f", {flags=O_RDONLY, resolve=0xc0 /* RESOLVE_??? */, ???}, 40)");
}

TEST(Decode, IoprioAsStrace) {
    Decode d;
    EXPECT_EQ(d.run("ioprio_set", {2, 77, (2u << 13) | 4}, 0),
              "IOPRIO_WHO_PGRP, 77, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)");
    EXPECT_EQ(d.run("ioprio_set", {0xfa57beef, 1, 0xfacefeed}, -EINVAL),
              "0xfa57beef /* IOPRIO_WHO_??? */, 1, IOPRIO_PRIO_VALUE(0x7d677 /* IOPRIO_CLASS_??? */, 7917)");
    d.opt.xlat_style = kXlatVerbose;
    EXPECT_EQ(d.run("ioprio_set", {1, 5, 0x1fff}, 0),
              "0x1 /* IOPRIO_WHO_PROCESS */, 5, 8191 /* IOPRIO_PRIO_VALUE(0 /* IOPRIO_CLASS_NONE */, 8191) */");
    d.opt.xlat_style = kXlatRaw;
    EXPECT_EQ(d.run("ioprio_set", {1, 5, 0x1fff}, 0), "0x1, 5, 8191");
}

// clone3's clone_args as strace 6.1 prints them: set_tid as an array when it is sane, bytes past
// the structure, the exit signal as a number past INT_MAX, unknown flag bits.
TEST(Decode, Clone3Args) {
    Decode d;
    uint64_t a[12] = {};
    a[4] = SIGCHLD;
    a[8] = 0x3000;  // set_tid
    a[9] = 2;       // set_tid_size
    d.mem.map(0x2000, a, sizeof a);
    int tids[2] = {7, 9};
    d.mem.map(0x3000, tids, sizeof tids);
    EXPECT_EQ(d.run("clone3", {0x2000, 88}, -EINVAL),
              "{flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0, set_tid=[7, 9], set_tid_size=2}, 88");
    a[0] = 0x80 | 0x400000;  // CLONE_NEWTIME, and CLONE_DETACHED, which strace leaves unnamed
    a[4] = 0xdeadbeefULL << 8;
    a[8] = a[9] = 0;
    a[11] = 0xff;
    d.mem.map(0x2000, a, sizeof a);
    EXPECT_EQ(d.run("clone3", {0x2000, 96}, -E2BIG),
              "{flags=CLONE_NEWTIME|0x400000, exit_signal=" + std::to_string(0xdeadbeefULL << 8) +
                  ", stack=NULL, stack_size=0, /* bytes 88..95 */ \"\\xff\\x00\\x00\\x00\\x00\\x00\\x00\\x00\"}, 96");
    EXPECT_EQ(d.run("clone3", {0x2000, 63}, -EINVAL), "0x2000, 63");
}

// quotactl's QCMD and the structures of the commands that carry one, as strace 6.1 prints them
TEST(Decode, QuotactlCommands) {
    Decode d;
    d.mem.map_str(0x1000, "/dev/sda1");
    d.mem.map_str(0x1100, "/quota.user");
    EXPECT_EQ(d.run("quotactl", {0x80000200, 0x1000, 2, 0x1100}, 0),
              R"(QCMD(Q_QUOTAON, USRQUOTA), "/dev/sda1", QFMT_VFS_V0, "/quota.user")");
    EXPECT_EQ(d.run("quotactl", {0xbadc0ded, 0x1000, 7, 0x2000}, -EINVAL),
              R"(QCMD(0xbadc0d /* Q_??? */, 0xed /* ???QUOTA */), "/dev/sda1", 7, 0x2000)");
    uint64_t info[3] = {604800, 86400, 0x00010001ULL | (4ULL << 32)};
    d.mem.map(0x3000, info, sizeof info);
    EXPECT_EQ(
        d.run("quotactl", {0x80000601, 0x1000, 0, 0x3000}, 0),
        R"(QCMD(Q_SETINFO, GRPQUOTA), "/dev/sda1", {dqi_bgrace=604800, dqi_igrace=86400, dqi_flags=DQF_ROOT_SQUASH|DQF_SYS_FILE, dqi_valid=IIF_FLAGS})");
    d.opt.xlat_style = kXlatVerbose;
    EXPECT_EQ(d.run("quotactl", {0x80000100, 0, 0, 0}, -ENODEV), "2147483904 /* QCMD(Q_SYNC, USRQUOTA) */, NULL");
}

TEST(Decode, RlimitsMemfdAndDup3AsStrace) {
    Decode d;
    uint64_t lim[2] = {8192 * 1024, ~uint64_t{0}};
    d.mem.map(0x1000, lim, sizeof lim);
    EXPECT_EQ(d.run("setrlimit", {3, 0x1000}, 0), "RLIMIT_STACK, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}");
    d.opt.xlat_style = kXlatVerbose;
    EXPECT_EQ(d.run("setrlimit", {3, 0x1000}, 0),
              "0x3 /* RLIMIT_STACK */, {rlim_cur=8388608 /* 8192*1024 */, rlim_max=18446744073709551615 /* "
              "RLIM64_INFINITY */}");
    d.opt.xlat_style = kXlatAbbrev;
    d.mem.map_str(0x2000, "buf");
    EXPECT_EQ(d.run("memfd_create", {0x2000, 1 | (21u << 26)}, 3), R"("buf", MFD_CLOEXEC|21<<MFD_HUGE_SHIFT)");
    EXPECT_EQ(d.run("dup3", {3, 4, O_CLOEXEC | O_TRUNC}, -EINVAL), "3, 4, O_TRUNC|O_CLOEXEC");
}

TEST(Decode, PersonalityDomainsAndFlags) {
    Decode d;
    EXPECT_EQ(d.run("personality", {0x0040000}, 0), "PER_LINUX|ADDR_NO_RANDOMIZE");
    EXPECT_EQ(d.run("personality", {0xffffffff}, 0), "0xffffffff");
    EXPECT_EQ(d.run("personality", {0x1 | 0x10000}, -EINVAL), "0x1 /* PER_??? */|0x10000");
}

TEST(Decode, FileTimesAsStrace) {
    Decode d;
    d.mem.map_str(0x1000, "f");
    struct timespec ts[2] = {{1492358706, 123456789}, {0, UTIME_OMIT}};
    d.mem.map(0x2000, ts, sizeof ts);
    // (the date comment is local time: the tests run with TZ unset, as strace's)
    std::string out = d.run("utimensat", {static_cast<uint64_t>(-100), 0x1000, 0x2000, 0x100}, 0);
    EXPECT_EQ(out.substr(0, 62), R"(AT_FDCWD, "f", [{tv_sec=1492358706, tv_nsec=123456789} /* 2017)") << out;
    EXPECT_NE(out.find(".123456789"), std::string::npos) << out;
    EXPECT_EQ(out.substr(out.size() - 37), " */, UTIME_OMIT], AT_SYMLINK_NOFOLLOW") << out;
    EXPECT_EQ(
        d.run("utimensat", {3, 0x1000, 0, 0xffffffff}, -EINVAL),
        R"(3, "f", NULL, AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE|0xffff60ff)");
    struct timeval tv[2] = {{1, 1000000}, {2, 5}};
    d.mem.map(0x3000, tv, sizeof tv);
    out = d.run("utimes", {0x1000, 0x3000}, -EINVAL);
    EXPECT_EQ(out.substr(0, 56), R"("f", [{tv_sec=1, tv_usec=1000000}, {tv_sec=2, tv_usec=5})") << out;
}

TEST(Decode, NumaPolicies) {
    Decode d;
    uint64_t mask[2] = {0, 5};
    d.mem.map(0x1000, mask, sizeof mask);
    EXPECT_EQ(d.run("set_mempolicy", {2 | 0x8000, 0x1000, 66}, -EINVAL),
              "MPOL_BIND|MPOL_F_STATIC_NODES, [0000000000000000, 0x00000000000005], 66");
    EXPECT_EQ(d.run("set_mempolicy", {9, 0, 0}, -EINVAL), "0x9 /* MPOL_??? */, NULL, 0");
    EXPECT_EQ(d.run("mbind", {0x5000, 4096, 0, 0, 0, 3}, 0),
              "0x5000, 4096, MPOL_DEFAULT, NULL, 0, MPOL_MF_STRICT|MPOL_MF_MOVE");
    int status[2] = {0, -EFAULT};
    d.mem.map(0x2000, status, sizeof status);
    uint64_t pages[2] = {0x7000, 0x8000};
    d.mem.map(0x3000, pages, sizeof pages);
    EXPECT_EQ(d.run("move_pages", {0, 2, 0x3000, 0, 0x2000, 2}, 0),
              "0, 2, [0x7000, 0x8000], NULL, [0, -EFAULT], MPOL_MF_MOVE");
}

TEST(Decode, SchedulingAndPriorities) {
    Decode d;
    EXPECT_EQ(d.run("setpriority", {1, 77, static_cast<uint64_t>(-5)}, 0), "PRIO_PGRP, 77, -5");
    int prio = 10;
    d.mem.map(0x1000, &prio, sizeof prio);
    EXPECT_EQ(d.run("sched_setscheduler", {5, 1, 0x1000}, 0), "5, SCHED_FIFO, [10]");
    EXPECT_EQ(d.run("sched_setscheduler", {5, 0xfaceda7a, 0}, -EINVAL), "5, 0xfaceda7a /* SCHED_??? */, NULL");
    uint64_t mask = 0x23;
    d.mem.map(0x2000, &mask, sizeof mask);
    EXPECT_EQ(d.run("sched_setaffinity", {0, 8, 0x2000}, 0), "0, 8, [0 1 5]");
}

TEST(Decode, MemoryMappingFlags) {
    Decode d;
    EXPECT_EQ(d.run("remap_file_pages", {0x1000, 4096, 0xdefaced00000000, 3, 0xf | 0x10 | (21u << 26)}, -EINVAL),
              "0x1000, 4096, 0xdefaced00000000 /* PROT_??? */, 3, 0xf /* MAP_??? */|MAP_FIXED|21<<MAP_HUGE_SHIFT");
    EXPECT_EQ(d.run("mremap", {0x1000, 4096, 8192, 3, 0x9000}, 0x9000),
              "0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x9000");
    EXPECT_EQ(d.run("msync", {0x1000, 4096, 4}, 0), "0x1000, 4096, MS_SYNC");
    EXPECT_EQ(d.run("mlockall", {2}, 0), "MCL_FUTURE");
    d.opt.xlat_style = kXlatVerbose;
    EXPECT_EQ(d.run("mprotect", {0x1000, 4096, 0}, 0), "0x1000, 4096, 0 /* PROT_NONE */");
}

TEST(Decode, FanotifyCalls) {
    Decode d;
    EXPECT_EQ(d.run("fanotify_init", {0x4 | 0x1, O_RDONLY | O_CLOEXEC}, 3),
              "FAN_CLASS_CONTENT|FAN_CLOEXEC, O_RDONLY|O_CLOEXEC");
    d.mem.map_str(0x1000, "/tmp");
    EXPECT_EQ(d.run("fanotify_mark", {3, 1, 0x40000020, static_cast<uint64_t>(-1), 0x1000}, 0),
              R"(3, FAN_MARK_ADD, FAN_OPEN|FAN_ONDIR, FAN_NOFD, "/tmp")");
    EXPECT_EQ(d.run("fanotify_mark", {3, 0, 0, static_cast<uint64_t>(-100), 0}, -EINVAL), "3, 0, 0, AT_FDCWD, NULL");
}

TEST(Decode, MountApi) {
    Decode d;
    d.mem.map_str(0x1000, "/mnt");
    EXPECT_EQ(d.run("open_tree", {static_cast<uint64_t>(-100), 0x1000, 0x1 | 0x80000 | 0x8000}, 3),
              R"(AT_FDCWD, "/mnt", OPEN_TREE_CLONE|OPEN_TREE_CLOEXEC|AT_RECURSIVE)");
    EXPECT_EQ(d.run("fsmount", {static_cast<uint64_t>(-100), 0, 1}, -EBADF), "-100, 0, MOUNT_ATTR_RDONLY");
    uint64_t attr[4] = {0x100000, 0, 0x40000, 7};
    d.mem.map(0x2000, attr, sizeof attr);
    EXPECT_EQ(
        d.run("mount_setattr", {3, 0x1000, 0x8000, 0x2000, 32}, 0),
        R"(3, "/mnt", AT_RECURSIVE, {attr_set=MOUNT_ATTR_IDMAP, attr_clr=0, propagation=MS_PRIVATE, userns_fd=7}, 32)");
    d.mem.map_str(0x3000, "source");
    d.mem.map_str(0x3100, "/dev/sda1");
    EXPECT_EQ(d.run("fsconfig", {3, 1, 0x3000, 0x3100, 0}, 0), R"(3, FSCONFIG_SET_STRING, "source", "/dev/sda1", 0)");
}

TEST(Decode, MountAndUmount) {
    Decode d;
    d.mem.map_str(0x1000, "/dev/sda1");
    d.mem.map_str(0x1100, "/mnt");
    d.mem.map_str(0x1200, "ext4");
    d.mem.map_str(0x1300, "ro");
    EXPECT_EQ(d.run("mount", {0x1000, 0x1100, 0x1200, 0xc0ed0000 | 1, 0x1300}, 0),
              R"("/dev/sda1", "/mnt", "ext4", MS_MGC_VAL|MS_RDONLY, "ro")");
    EXPECT_EQ(d.run("mount", {0x1000, 0x1100, 0x1200, 0x1000 | 0x4000, 0x1300}, 0),
              R"("/dev/sda1", "/mnt", 0x1200, MS_BIND|MS_REC, 0x1300)");
    EXPECT_EQ(d.run("umount2", {0x1100, 0x2 | 0x10}, -EINVAL), R"("/mnt", MNT_DETACH|0x10)");
}

TEST(Decode, KcmpByType) {
    Decode d;
    EXPECT_EQ(d.run("kcmp", {1, 2, 0, 3, 4}, 0), "1, 2, KCMP_FILE, 3, 4");
    EXPECT_EQ(d.run("kcmp", {1, 2, 1, 3, 4}, 0), "1, 2, KCMP_VM");
    uint32_t slot[3] = {5, 6, 7};
    d.mem.map(0x1000, slot, sizeof slot);
    EXPECT_EQ(d.run("kcmp", {1, 2, 7, 3, 0x1000}, 0), "1, 2, KCMP_EPOLL_TFD, 3, {efd=5, tfd=6, toff=7}");
    EXPECT_EQ(d.run("kcmp", {1, 2, 9, 3, 4}, -EINVAL), "1, 2, 0x9 /* KCMP_??? */, 0x3, 0x4");
}
