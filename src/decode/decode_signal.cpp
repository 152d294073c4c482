// Signal structures: the siginfo of "--- SIGx {...} ---" delivery lines.
#include <signal.h>

#include <cstdio>

#include "decode/decoder.h"

namespace wiretrace {

namespace {
const Xlat *code_table(int sig) {
    switch (sig) {
        case SIGCHLD:
            return &xlat_cld_codes;
        case SIGSEGV:
            return &xlat_segv_codes;
        case SIGBUS:
            return &xlat_bus_codes;
        case SIGILL:
            return &xlat_ill_codes;
        case SIGFPE:
            return &xlat_fpe_codes;
        case SIGTRAP:
            return &xlat_trap_codes;
        default:
            return nullptr;
    }
}
// Clock ticks (USER_HZ, 100 here) as strace shows them: "0", or "1 /* 0.01 s */".
void print_clock_ticks(Call &c, long ticks) {
    c.dec(ticks);
    if (ticks) {
        char buf[48];
        std::snprintf(buf, sizeof buf, " /* %ld.%02ld s */", ticks / 100, ticks % 100);
        c.str(buf);
    }
}
bool is_fault(int sig) {
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}
}  // namespace

void print_siginfo(Call &c, const siginfo_t &si) {
    c.str("{si_signo=");
    c.signame(si.si_signo);
    c.str(", si_code=");
    const char *code = nullptr;
    if (si.si_code > 0)
        if (const Xlat *t = code_table(si.si_signo)) code = xlat_name(*t, static_cast<uint64_t>(si.si_code));
    if (!code) code = xlat_name(xlat_si_codes, static_cast<uint64_t>(static_cast<int64_t>(si.si_code)));
    int style = c.options().xlat_style;
    if (!code || style != kXlatAbbrev) c.dec(si.si_code);  // -X raw: numbers
    if (code && style == kXlatAbbrev) c.str(code);
    if (code && style == kXlatVerbose) {
        c.str(" /* ");
        c.str(code);
        c.str(" */");
    }
    if (si.si_errno) {
        c.str(", si_errno=");
        print_err(c, static_cast<uint32_t>(si.si_errno), false);
    }
    if (si.si_code == SI_USER || si.si_code == SI_TKILL || si.si_code == SI_QUEUE) {
        c.str(", si_pid=");
        c.pid(si.si_pid);
        c.str(", si_uid=");
        c.uid(si.si_uid);
        if (si.si_code == SI_QUEUE) {
            c.str(", si_int=");
            c.dec(si.si_value.sival_int);
            c.str(", si_ptr=");
            c.ptr(reinterpret_cast<uint64_t>(si.si_value.sival_ptr));
        }
    } else if (si.si_signo == SIGCHLD && si.si_code > 0) {
        c.str(", si_pid=");
        c.pid(si.si_pid);
        c.str(", si_uid=");
        c.udec(si.si_uid);
        c.str(", si_status=");
        if (si.si_code == CLD_EXITED)
            c.dec(si.si_status);
        else
            c.signame(si.si_status);
        c.str(", si_utime=");
        print_clock_ticks(c, si.si_utime);
        c.str(", si_stime=");
        print_clock_ticks(c, si.si_stime);
    } else if (is_fault(si.si_signo) && (si.si_code > 0 || si.si_code == SI_KERNEL)) {
        c.str(", si_addr=");
        c.ptr(reinterpret_cast<uint64_t>(si.si_addr));
    }
    c.str("}");
}

}  // namespace wiretrace

// ---- signal masks and actions
namespace wiretrace {

namespace {
// "[USR1 RT_4]", or "~[...]" (the complement) when most signals are in the set, as strace.
void print_sigmask(Call &c, uint64_t mask, unsigned nsig) {
    unsigned bits = static_cast<unsigned>(__builtin_popcountll(mask));
    bool invert = bits * 2 > nsig;
    if (invert) {
        mask = ~mask;
        if (nsig < 64) mask &= (uint64_t{1} << nsig) - 1;
        c.str("~");
    }
    c.str("[");
    bool first = true;
    for (unsigned s = 1; s <= nsig; s++) {
        if (!(mask & (uint64_t{1} << (s - 1)))) continue;
        if (!first) c.str(" ");
        first = false;
        char buf[16];
        std::string_view n = signal_name(static_cast<int>(s), buf);
        if (n.starts_with("SIG")) n.remove_prefix(3);
        int style = c.options().xlat_style;
        if (style != kXlatAbbrev) c.udec(s);  // -X raw / verbose: the number first
        if (style == kXlatVerbose) c.str(" /* ");
        if (style != kXlatRaw) c.str(n);
        if (style == kXlatVerbose) c.str(" */");
    }
    c.str("]");
}
}  // namespace

void print_sigset(Call &c, uint64_t addr, uint64_t size) {
    if (c.by_address(addr)) return;
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    uint64_t mask = 0;
    if (size == 0 || size > sizeof mask || !c.mem().read_exact(RemoteAddr(addr), &mask, size)) {
        c.ptr(addr);
        return;
    }
    print_sigmask(c, mask, static_cast<unsigned>(size * 8));
}

namespace {
// The kernel's struct sigaction on x86_64.
struct KernelSigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};

void print_sigaction(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    KernelSigaction sa;
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    if (!c.mem().read_obj(RemoteAddr(addr), sa)) {
        c.ptr(addr);
        return;
    }
    c.str("{sa_handler=");
    const char *special = sa.handler == 0              ? "SIG_DFL"
                          : sa.handler == 1            ? "SIG_IGN"
                          : sa.handler == ~uint64_t(0) ? "SIG_ERR"
                                                       : nullptr;
    if (special)
        c.composite(sa.handler, [special](Call &n) { n.str(special); });
    else
        c.ptr(sa.handler);
    c.str(", sa_mask=");
    print_sigmask(c, sa.mask, 64);
    c.str(", sa_flags=");
    c.flags(xlat_sigact_flags, sa.flags, "0");
    if (sa.flags & 0x04000000) {
        c.str(", sa_restorer=");
        c.ptr(sa.restorer);
    }
    c.str("}");
}
}  // namespace

void decode_rt_sigaction(Call &c) {
    if (c.entering()) {
        c.signame(c.iarg(0));
        c.sep();
        print_sigaction(c, c.arg(1));
        c.sep();
        return;
    }
    print_output(c, c.arg(2), [&](uint64_t a) { print_sigaction(c, a); });
    c.sep();
    c.udec(c.arg(3));
}

void decode_rt_sigprocmask(Call &c) {
    if (c.entering()) {
        c.enum_val(xlat_sigprocmask_how, c.arg(0), "%#llx /* SIG_??? */");
        c.sep();
        print_sigset(c, c.arg(1), c.arg(3));
        c.sep();
        return;
    }
    print_output(c, c.arg(2), [&](uint64_t a) { print_sigset(c, a, c.arg(3)); });
    c.sep();
    c.udec(c.arg(3));
}

void decode_rt_sigpending(Call &c) {
    if (c.entering()) return;
    if (c.failed())
        c.ptr(c.arg(0));
    else
        print_sigset(c, c.arg(0), c.arg(1));
    c.sep();
    c.udec(c.arg(1));
}

void decode_rt_sigsuspend(Call &c) {
    if (c.exiting()) return;
    print_sigset(c, c.arg(0), c.arg(1));
    c.sep();
    c.udec(c.arg(1));
}

void decode_rt_sigtimedwait(Call &c) {
    if (c.entering()) {
        print_sigset(c, c.arg(0), c.arg(3));
        c.sep();
        return;
    }
    // the siginfo, when a signal was taken
    siginfo_t si;
    if (c.arg(1) == 0)
        c.str("NULL");
    else if (!c.failed() && c.mem().read_obj(RemoteAddr(c.arg(1)), si))
        print_siginfo(c, si);
    else
        c.ptr(c.arg(1));
    c.sep();
    print_timespec(c, c.arg(2));
    c.sep();
    c.udec(c.arg(3));
}

void decode_rt_sigreturn(Call &c) {
    if (c.exiting()) return;
    // The restorer runs with the stack at the rt_sigframe's ucontext; its uc_sigmask follows
    // uc_flags, uc_link, uc_stack and the 256-byte sigcontext.
    uint64_t mask = 0;
    c.str("{mask=");
    if (c.mem().read_obj(RemoteAddr(c.stack_pointer() + 296), mask))
        print_sigmask(c, mask, 64);
    else
        c.ptr(c.stack_pointer() + 296);
    c.str("}");
}

}  // namespace wiretrace

// ---- queued signals, interval timers, the alternate stack
namespace wiretrace {

namespace {
void print_siginfo_at(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    siginfo_t si;
    if (addr == 0)
        c.str("NULL");
    else if (!c.mem().read_obj(RemoteAddr(addr), si))
        c.ptr(addr);
    else
        print_siginfo(c, si);
}

void print_itimerval(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    int64_t v[2][2];
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    if (!c.mem().read_obj(RemoteAddr(addr), v)) {
        c.ptr(addr);
        return;
    }
    c.str("{it_interval=");
    print_timeval(c, addr);
    c.str(", it_value=");
    print_timeval(c, addr + sizeof v[0]);
    c.str("}");
}

void print_stack_t(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    struct {
        uint64_t sp;
        int32_t flags;
        int32_t pad;
        uint64_t size;
    } ss;
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    if (!c.mem().read_obj(RemoteAddr(addr), ss)) {
        c.ptr(addr);
        return;
    }
    c.str("{ss_sp=");
    c.ptr(ss.sp);
    c.str(", ss_flags=");
    c.flags(xlat_sigaltstack_flags, static_cast<uint32_t>(ss.flags), "0");
    c.str(", ss_size=");
    c.udec(ss.size);
    c.str("}");
}
}  // namespace

void decode_rt_sigqueueinfo(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0));
    c.sep();
    c.signame(c.iarg(1));
    c.sep();
    print_siginfo_at(c, c.arg(2));
}

void decode_rt_tgsigqueueinfo(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0));
    c.sep();
    c.pid(c.iarg(1), PidType::Tid);
    c.sep();
    c.signame(c.iarg(2));
    c.sep();
    print_siginfo_at(c, c.arg(3));
}

void decode_setitimer(Call &c) {
    if (c.entering()) {
        c.enum_val(xlat_itimers, c.arg(0), "%#llx /* ITIMER_??? */");
        c.sep();
        print_itimerval(c, c.arg(1));
        c.sep();
        return;
    }
    print_output(c, c.arg(2), [&](uint64_t a) { print_itimerval(c, a); });
}

void decode_getitimer(Call &c) {
    if (c.entering()) {
        c.enum_val(xlat_itimers, c.arg(0), "%#llx /* ITIMER_??? */");
        c.sep();
        return;
    }
    if (c.failed())
        c.ptr(c.arg(1));
    else
        print_itimerval(c, c.arg(1));
}

void decode_sigaltstack(Call &c) {
    if (c.entering()) {
        print_stack_t(c, c.arg(0));
        c.sep();
        return;
    }
    print_output(c, c.arg(1), [&](uint64_t a) { print_stack_t(c, a); });
}

}  // namespace wiretrace
