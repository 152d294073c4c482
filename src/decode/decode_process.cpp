// Process calls: execve, wait4, kill family, arch_prctl, rseq, prlimit64, sleeps,
// restart_syscall.
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include <algorithm>
#include <cstdio>

#include <climits>

#include "decode/decoder.h"

namespace wiretrace {

namespace {
// ["a", "b"...]: each element is a string limited by -s, and at most -s elements.
void print_argv(Call &c, uint64_t addr) {
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    if (!c.options().verbose) return c.ptr(addr);  // -e verbose=: the address
    c.str("[");
    for (unsigned i = 0;; i++) {
        uint64_t p = 0;
        if (!c.mem().read_obj(RemoteAddr(addr + i * 8), p)) {
            if (i == 0) {
                c.out().pop_back();
                c.ptr(addr);
                return;
            }
            c.str(", ... /* ");  // where the vector stops being readable
            c.hex(addr + i * 8);
            c.str(" */");
            break;
        }
        if (p == 0) break;
        if (i) c.sep();
        if (c.options().abbrev && i >= c.options().max_strlen) {  // -v: every element
            c.str("...");
            break;
        }
        c.cstring(p, true);
    }
    c.str("]");
}

// Pointers before the NULL (or the first unreadable one: *unterminated is then set); -1 when
// not even the first is readable. Read a page at a time, and never more than k_max_ptrs of
// them (a hostile envp may point into gigabytes of non-zero memory).
long count_ptrs(Call &c, uint64_t addr, bool *unterminated = nullptr) {
    constexpr long k_max_ptrs = 1L << 22;
    uint64_t chunk[512];
    long n = 0;
    while (n < k_max_ptrs) {
        uint64_t at = addr + static_cast<uint64_t>(n) * 8;
        size_t want = std::min<size_t>(sizeof chunk, 4096 - (at & 4095));  // stay within a page
        if (want < 8) want = 8;
        size_t got = c.mem().read(RemoteAddr(at), chunk, want) / 8;
        if (got == 0) {
            if (unterminated) *unterminated = n > 0;
            return n ? n : -1;
        }
        for (size_t i = 0; i < got; i++, n++)
            if (chunk[i] == 0) return n;
    }
    return n;
}

// a limit: infinity, or "N*1024" for a multiple of 1024, as a name that -X raw replaces by the
// number and -X verbose puts in a comment after it
void print_rlim(Call &c, uint64_t v) {
    std::string name;
    if (v == ~uint64_t(0))
        name = "RLIM64_INFINITY";
    else if (v > 1024 && v % 1024 == 0)
        name = std::to_string(v / 1024) + "*1024";
    int style = c.options().xlat_style;
    if (name.empty() || style != kXlatAbbrev) c.udec(v);
    if (name.empty() || style == kXlatRaw) return;
    c.str(style == kXlatVerbose ? " /* " + name + " */" : name);
}

void print_rlimit(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    uint64_t r[2];
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    if (!c.mem().read_obj(RemoteAddr(addr), r)) {
        c.ptr(addr);
        return;
    }
    c.str("{rlim_cur=");
    print_rlim(c, r[0]);
    c.str(", rlim_max=");
    print_rlim(c, r[1]);
    c.str("}");
}

void print_wait_status(Call &c, int s) {
    char buf[128];
    if (WIFEXITED(s))
        std::snprintf(buf, sizeof buf, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", WEXITSTATUS(s));
    else if (WIFSIGNALED(s)) {
        char nb[16];
        std::snprintf(buf, sizeof buf, "[{WIFSIGNALED(s) && WTERMSIG(s) == %.*s%s}]",
                      static_cast<int>(signal_name(WTERMSIG(s), nb).size()), signal_name(WTERMSIG(s), nb).data(),
                      WCOREDUMP(s) ? " && WCOREDUMP(s)" : "");
    } else if (WIFSTOPPED(s)) {
        char nb[16];
        std::snprintf(buf, sizeof buf, "[{WIFSTOPPED(s) && WSTOPSIG(s) == %.*s}]",
                      static_cast<int>(signal_name(WSTOPSIG(s), nb).size()), signal_name(WSTOPSIG(s), nb).data());
    } else if (WIFCONTINUED(s))
        std::snprintf(buf, sizeof buf, "[{WIFCONTINUED(s)}]");
    else
        std::snprintf(buf, sizeof buf, "[%#x]", s);
    c.str(buf);
}
}  // namespace

void print_timeval(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    struct {
        int64_t sec, usec;
    } tv;
    if (addr == 0) {
        c.str("NULL");
    } else if (!c.mem().read_obj(RemoteAddr(addr), tv)) {
        c.ptr(addr);
    } else {
        c.str("{tv_sec=");
        c.dec(tv.sec);
        c.str(", tv_usec=");
        c.udec(static_cast<uint64_t>(tv.usec));  // (strace: unsigned)
        c.str("}");
    }
}

void print_timespec(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    struct timespec ts;
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    if (!c.mem().read_obj(RemoteAddr(addr), ts)) {
        c.ptr(addr);
        return;
    }
    c.str("{tv_sec=");
    c.dec(ts.tv_sec);
    c.str(", tv_nsec=");
    c.udec(static_cast<uint64_t>(ts.tv_nsec));  // (strace: unsigned)
    c.str("}");
}

namespace {
// envp: its address and "/* N vars */" (", unterminated" when the vector stops being
// readable before its NULL); with -v, the strings as argv's
void print_envp(Call &c, uint64_t envp) {
    if (envp == 0) return c.str("NULL");
    if (!c.options().abbrev) return print_argv(c, envp);
    c.ptr(envp);
    if (!c.options().verbose) return;
    bool unterminated = false;
    long n = count_ptrs(c, envp, &unterminated);
    if (n < 0) return;  // unreadable: the address alone
    char buf[64];
    std::snprintf(buf, sizeof buf, " /* %ld var%s%s */", n, n == 1 ? "" : "s", unterminated ? ", unterminated" : "");
    c.str(buf);
}
}  // namespace

void decode_execve(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    print_argv(c, c.arg(1));
    c.sep();
    print_envp(c, c.arg(2));
}

void decode_arch_prctl(Call &c) {
    enum : uint64_t {
        kGetFs = 0x1003,
        kGetGs = 0x1004,
        kGetCpuid = 0x1011,
        kGetXcompSupp = 0x1021,
        kGetXcompPerm = 0x1022,
        kReqXcompPerm = 0x1023,
        kGetXcompGuestPerm = 0x1024,
        kReqXcompGuestPerm = 0x1025,
    };
    const uint64_t code = c.arg(0), addr = c.arg(1);
    // the XSAVE feature names are kernel-internal: shown in the verbose style (numbers first)
    const int named_style = c.options().xlat_style == kXlatRaw ? kXlatRaw : kXlatVerbose;
    if (c.entering()) c.enum_val(xlat_arch_prctl_codes, code, "%#llx /* ARCH_??? */");
    switch (code) {
        case kGetFs:
        case kGetGs: {
            if (c.entering()) return c.sep();
            uint64_t v;
            if (!c.fetch(addr, v)) return;
            c.str("[");
            c.ptr(v);
            c.str("]");
            return;
        }
        case kGetCpuid:
            return;
        case kGetXcompSupp:
        case kGetXcompPerm:
        case kGetXcompGuestPerm: {
            if (c.entering()) return c.sep();
            uint64_t v;
            if (!c.fetch(addr, v)) return;
            c.str("[");
            c.with_xlat_style(named_style,
                              [&](Call &n) { n.flags_of({&xlat_x86_xfeatures}, v, "0", "XFEATURE_MASK_???"); });
            c.str("]");
            return;
        }
        case kReqXcompPerm:
        case kReqXcompGuestPerm:
            if (c.entering()) {
                c.sep();
                c.with_xlat_style(named_style, [&](Call &n) {
                    n.enum_val(xlat_x86_xfeature_bits, addr, "%#llx /* XFEATURE_??? */");
                });
                return;
            }
            if (c.ret() > 0) {
                const std::string names = result_flags_note(c, xlat_x86_xfeatures, static_cast<uint64_t>(c.ret()));
                char b[24];
                std::snprintf(b, sizeof b, "%#llx", static_cast<unsigned long long>(c.ret()));
                c.result_text() = names.empty() ? std::string(b) : std::string(b) + " (" + names + ")";
            }
            return;
        default:
            if (c.exiting()) return;
            c.sep();
            c.hex(addr);
            return;
    }
}

// times(2): the four clock tick counts the kernel filled in.
void decode_times(Call &c) {
    if (c.entering()) return;
    struct {
        int64_t utime, stime, cutime, cstime;
    } t;
    if (!c.fetch(c.arg(0), t)) return;
    c.str("{tms_utime=");
    print_clock_t(c, static_cast<uint64_t>(t.utime));
    c.str(", tms_stime=");
    print_clock_t(c, static_cast<uint64_t>(t.stime));
    c.str(", tms_cutime=");
    print_clock_t(c, static_cast<uint64_t>(t.cutime));
    c.str(", tms_cstime=");
    print_clock_t(c, static_cast<uint64_t>(t.cstime));
    c.str("}");
}

void print_int_at(Call &c, uint64_t addr, bool as_signal) {
    if (c.by_address(addr)) return;
    int v = 0;
    if (c.failed() || !c.mem().read_obj(RemoteAddr(addr), v)) {
        c.ptr(addr);
        return;
    }
    c.str("[");
    if (as_signal)
        c.signame(v);
    else
        c.dec(v);
    c.str("]");
}

void decode_rseq(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.hex(static_cast<uint32_t>(c.arg(1)));
    c.sep();
    c.hex(static_cast<uint32_t>(c.arg(2)));
    c.sep();
    c.hex(static_cast<uint32_t>(c.arg(3)));
}

void decode_prlimit64(Call &c) {
    if (c.entering()) {
        c.pid(c.iarg(0));
        c.sep();
        c.enum_val(xlat_rlimit_resources, static_cast<unsigned>(c.arg(1)), "%#llx /* RLIMIT_??? */");
        c.sep();
        print_rlimit(c, c.arg(2));
        c.sep();
        return;
    }
    print_output(c, c.arg(3), [&](uint64_t a) { print_rlimit(c, a); });
}

// personality(persona): the execution domain, then its flags; the previous persona is the
// result, in hex with its names
void decode_personality(Call &c) {
    auto print = [](Call &n, unsigned pers) {
        n.enum_val(xlat_personality_types, pers & 0xff, "%#llx /* PER_??? */");
        if (pers & ~0xffu) {
            n.str("|");
            n.flags(xlat_personality_flags, pers & ~0xffu, "0");
        }
    };
    if (c.entering()) {
        auto pers = static_cast<unsigned>(c.arg(0));
        if (pers == 0xffffffff)
            c.hex(pers);
        else
            print(c, pers);
        return;
    }
    if (c.failed()) return;
    auto pers = static_cast<unsigned>(c.ret());
    std::string names;
    c.print_into(names, [&] { print(c, pers); });
    char hex[24];
    std::snprintf(hex, sizeof hex, pers ? "%#x" : "0", pers);
    c.result_text() = std::string(hex) + " (" + names + ")";
}

// kcmp(pid1, pid2, type, idx1, idx2): the indexes are descriptors of the two processes for
// KCMP_FILE and KCMP_EPOLL_TFD (whose second is a struct kcmp_epoll_slot), absent for the
// types that compare whole resources, numbers otherwise. With -y each descriptor is described
// from its own process's table.
void decode_kcmp(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0), PidType::Tgid);
    c.sep();
    c.pid(c.iarg(1), PidType::Tgid);
    c.sep();
    int type = c.iarg(2);
    c.enum_val(xlat_kcmp_types, static_cast<unsigned>(type), "%#llx /* KCMP_??? */");
    switch (type) {
        case 0:  // KCMP_FILE
            c.sep();
            c.fd_of(c.iarg(0), static_cast<int>(c.arg(3)));
            c.sep();
            c.fd_of(c.iarg(1), static_cast<int>(c.arg(4)));
            return;
        case 7: {  // KCMP_EPOLL_TFD
            c.sep();
            c.fd_of(c.iarg(0), static_cast<int>(c.arg(3)));
            c.sep();
            struct {
                uint32_t efd, tfd, toff;
            } slot{};
            if (!c.fetch(c.arg(4), slot)) return;
            c.str("{efd=");
            c.fd_of(c.iarg(1), static_cast<int>(slot.efd));
            c.str(", tfd=");
            c.fd_of(c.iarg(1), static_cast<int>(slot.tfd));
            c.str(", toff=");
            c.udec(slot.toff);
            c.str("}");
            return;
        }
        case 1:
        case 2:
        case 3:
        case 4:
        case 5:
        case 6:
            return;
        default:
            c.sep();
            c.hex(c.arg(3));
            c.sep();
            c.hex(c.arg(4));
    }
}

// getrlimit(resource, rlim) / setrlimit(resource, rlim): the same resource names and limits
// as prlimit64's
void decode_getrlimit(Call &c) {
    if (c.entering()) {
        c.enum_val(xlat_rlimit_resources, static_cast<unsigned>(c.arg(0)), "%#llx /* RLIMIT_??? */");
        c.sep();
        return;
    }
    print_output(c, c.arg(1), [&](uint64_t a) { print_rlimit(c, a); });
}

void decode_setrlimit(Call &c) {
    if (c.exiting()) return;
    c.enum_val(xlat_rlimit_resources, static_cast<unsigned>(c.arg(0)), "%#llx /* RLIMIT_??? */");
    c.sep();
    print_rlimit(c, c.arg(1));
}

void decode_wait4(Call &c) {
    if (c.entering()) {
        c.pid_or_pgid(c.iarg(0));
        c.sep();
        return;
    }
    c.pid_result(PidType::Tgid);
    int status = 0;
    if (c.arg(1) == 0)
        c.str("NULL");
    else if (!c.options().verbose || c.failed() || c.ret() == 0 || !c.mem().read_obj(RemoteAddr(c.arg(1)), status))
        c.ptr(c.arg(1));
    else
        print_wait_status(c, status);
    c.sep();
    c.flags(xlat_wait_options, static_cast<unsigned>(c.arg(2)), "0");
    c.sep();
    c.ptr(c.arg(3));
}

void decode_kill(Call &c) {
    if (c.exiting()) return;
    if (c.nr() == SYS_tkill)
        c.pid(c.iarg(0), PidType::Tid);
    else
        c.pid_or_pgid(c.iarg(0));
    c.sep();
    c.signame(c.iarg(1));
}

void decode_tgkill(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0));
    c.sep();
    c.pid(c.iarg(1), PidType::Tid);
    c.sep();
    c.signame(c.iarg(2));
}

void decode_nanosleep(Call &c) {
    if (c.entering()) {
        print_timespec(c, c.arg(0));
        c.sep();
        return;
    }
    if (c.failed() && c.arg(1))
        print_timespec(c, c.arg(1));
    else
        c.ptr(c.arg(1));
}

void decode_clock_nanosleep(Call &c) {
    if (c.entering()) {
        c.enum_val(xlat_clocks, c.arg(0), "%#llx /* CLOCK_??? */");
        c.sep();
        c.flags(xlat_timer_flags, static_cast<unsigned>(c.arg(1)), "0");
        c.sep();
        print_timespec(c, c.arg(2));
        c.sep();
        return;
    }
    if (c.failed() && c.arg(3) && !(c.arg(1) & TIMER_ABSTIME))
        print_timespec(c, c.arg(3));
    else
        c.ptr(c.arg(3));
}

void decode_restart_syscall(Call &c) {
    if (c.exiting()) return;
    c.str("<... resuming interrupted ");
    c.str(c.prev_name ? c.prev_name : "system call");
    c.str(" ...>");
}

}  // namespace wiretrace

namespace wiretrace {

namespace {
void print_clone_flags(Call &c, uint64_t flags, bool with_signal) {
    uint64_t sig = with_signal ? flags & 0xff : 0;
    uint64_t rest = with_signal ? flags & ~uint64_t{0xff} : flags;
    if (rest) c.flags(xlat_clone_flags, rest, "0");
    if (sig) {
        if (rest) c.str("|");
        c.signame(static_cast<int>(sig));
    }
    if (!rest && !sig) c.str("0");
}

void print_tid_at(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    int tid = 0;
    if (c.mem().read_obj(RemoteAddr(addr), tid)) {
        c.str("[");
        c.dec(tid);
        c.str("]");
    } else {
        c.ptr(addr);
    }
}

// strace's printnum_fd: "[3<anon_inode:[pidfd]>]" (-y decorates it), or the address
void print_fd_at(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    int fd = 0;
    if (c.mem().read_obj(RemoteAddr(addr), fd)) {
        c.str("[");
        c.fd(fd);
        c.str("]");
    } else {
        c.ptr(addr);
    }
}

constexpr uint64_t k_parent_settid = 0x00100000, k_child_settid = 0x01000000, k_child_cleartid = 0x00200000,
                   k_settls = 0x00080000, k_pidfd = 0x1000, k_into_cgroup = 0x200000000ULL;
}  // namespace

// x86_64: clone(flags, stack, parent_tid, child_tid, tls). The pointers that only mean
// something with their flag are printed at exit, when parent_tid holds the new id.
void decode_clone(Call &c) {
    uint64_t flags = c.arg(0);
    if (c.entering()) {
        c.str("child_stack=");
        c.ptr(c.arg(1));
        c.str(", flags=");
        print_clone_flags(c, flags, true);
        return;
    }
    c.pid_result(PidType::Tid);
    if (flags & (k_parent_settid | k_pidfd)) {
        c.str(", parent_tid=");  // (strace's name, whichever of the two it holds)
        if (c.failed())
            c.ptr(c.arg(2));
        else if (flags & k_parent_settid)
            print_tid_at(c, c.arg(2));
        else
            print_fd_at(c, c.arg(2));
    }
    if (flags & (k_child_settid | k_child_cleartid)) {
        c.str(", child_tidptr=");
        c.ptr(c.arg(3));
    }
    if (flags & k_settls) {
        c.str(", tls=");
        c.ptr(c.arg(4));
    }
}

// clone3(args, size): struct clone_args as far as `size` says (64 bytes at least; bytes past
// the known ones shown when not zero), and at exit what the kernel wrote back (" => {pidfd=[5],
// parent_tid=[1234]}"), as strace 6.1.
void decode_clone3(Call &c) {
    struct {
        uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
            cgroup;
    } a{};
    const uint64_t addr = c.arg(0), size = c.arg(1);
    const uint64_t fetch = std::min<uint64_t>(size, sizeof a);
    if (c.entering()) {
        if (!c.fetch_sized(addr, size, 64, a)) {
            c.aux() = 0;
            return;
        }
        c.aux() = 1;
        c.str("{flags=");
        c.flags_of({&xlat_clone_flags}, a.flags, "0", "CLONE_???");
        if (a.flags & k_pidfd) {
            c.str(", pidfd=");
            c.ptr(a.pidfd);
        }
        if (a.flags & (k_child_settid | k_child_cleartid)) {
            c.str(", child_tid=");
            c.ptr(a.child_tid);
        }
        if (a.flags & k_parent_settid) {
            c.str(", parent_tid=");
            c.ptr(a.parent_tid);
        }
        c.str(", exit_signal=");
        if (a.exit_signal < INT_MAX)
            c.signame(static_cast<int>(a.exit_signal));
        else
            c.udec(a.exit_signal);
        c.str(", stack=");
        c.ptr(a.stack);
        c.str(", stack_size=");
        c.hex(a.stack_size);
        if (a.flags & k_settls) {
            c.str(", tls=");
            c.ptr(a.tls);
        }
        if (a.set_tid || a.set_tid_size) {
            c.str(", set_tid=");
            if (!a.set_tid || !a.set_tid_size || a.set_tid_size > 32)
                c.ptr(a.set_tid);
            else
                c.array<int>(a.set_tid, a.set_tid_size, [&](const int &v) {
                    c.dec(v);
                    return true;
                });
            c.str(", set_tid_size=");
            c.udec(a.set_tid_size);
        }
        if (fetch > 80 && (a.cgroup || (a.flags & k_into_cgroup))) {
            c.str(", cgroup=");
            c.udec(a.cgroup);
        }
        print_struct_tail(c, addr, fetch, size);
        c.str("}");
        return;
    }
    c.pid_result(PidType::Tid);
    // what the kernel wrote back: the pidfd, the parent's copy of the new id, and (as strace
    // does, for lack of a copy from entry) the extra bytes again
    if (c.aux() && !c.failed()) {
        bool wrote = c.mem().read_exact(RemoteAddr(addr), &a, fetch);
        bool any = false;
        auto next = [&] {
            c.str(any ? ", " : " => {");
            any = true;
        };
        if (!wrote) {
            c.str(" => ");
            c.ptr(addr);
        } else {
            if (a.flags & k_pidfd) {
                next();
                c.str("pidfd=");
                print_fd_at(c, a.pidfd);
            }
            if (a.flags & k_parent_settid) {
                next();
                c.str("parent_tid=");
                print_tid_at(c, a.parent_tid);
            }
            if (size > fetch) {
                std::string tail;
                c.print_into(tail, [&] { print_struct_tail(c, addr, fetch, size); });
                if (!tail.empty()) {
                    next();
                    c.str(std::string_view(tail).substr(2));  // (without its ", ")
                }
            }
            if (any) c.str("}");
        }
    }
    c.sep();
    c.udec(size);
}

void decode_waitid(Call &c) {
    if (c.entering()) {
        c.enum_val(xlat_idtypes, c.arg(0), "%#llx /* P_??? */");
        c.sep();
        if (c.arg(0) == P_PID)
            c.pid(c.iarg(1));
        else if (c.arg(0) == P_PGID)
            c.pid(c.iarg(1), PidType::Pgid);
        else
            c.dec(c.iarg(1));
        c.sep();
        return;
    }
    siginfo_t si{};
    if (c.arg(2) == 0)
        c.str("NULL");
    else if (c.failed() || !c.mem().read_obj(RemoteAddr(c.arg(2)), si))
        c.ptr(c.arg(2));
    else if (si.si_signo == 0)
        c.str("{}");
    else
        print_siginfo(c, si);
    c.sep();
    c.flags(xlat_wait_options, static_cast<unsigned>(c.arg(3)), "0");
    c.sep();
    c.ptr(c.arg(4));
}

}  // namespace wiretrace

namespace wiretrace {
void decode_execveat(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    print_argv(c, c.arg(2));
    c.sep();
    print_envp(c, c.arg(3));
    c.sep();
    c.flags(xlat_at_flags, static_cast<unsigned>(c.arg(4)), "0");
}
}  // namespace wiretrace

namespace wiretrace {
// The calls that return a pid (strace's RVAL_TGID & co): the number, then --decode-pids'
// decoration.
void decode_getpid(Call &c) {
    c.pid_result(c.nr() == SYS_gettid ? PidType::Tid : PidType::Tgid);
}
void decode_fork(Call &c) {
    c.pid_result(PidType::Tgid);
}
void decode_getpgrp(Call &c) {
    c.pid_result(PidType::Pgid);
}

// getpgid(pid) = pgid, getsid(pid) = sid
void decode_getpgid(Call &c) {
    if (c.entering()) return c.pid(c.iarg(0));
    c.pid_result(c.nr() == SYS_getsid ? PidType::Sid : PidType::Pgid);
}

void decode_setpgid(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0));
    c.sep();
    c.pid(c.iarg(1), PidType::Pgid);
}

void decode_pidfd_open(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0));
    c.sep();
    c.flags_of({&xlat_pidfd_open_flags}, static_cast<unsigned>(c.arg(1)), "0", "PIDFD_???");
}
}  // namespace wiretrace
