// Signal structures: the siginfo of "--- SIGx {...} ---" delivery lines.
#include <signal.h>

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
    if (code)
        c.str(code);
    else
        c.dec(si.si_code);
    if (si.si_code == SI_USER || si.si_code == SI_TKILL || si.si_code == SI_QUEUE) {
        c.str(", si_pid=");
        c.dec(si.si_pid);
        c.str(", si_uid=");
        c.udec(si.si_uid);
        if (si.si_code == SI_QUEUE) {
            c.str(", si_int=");
            c.dec(si.si_value.sival_int);
            c.str(", si_ptr=");
            c.ptr(reinterpret_cast<uint64_t>(si.si_value.sival_ptr));
        }
    } else if (si.si_signo == SIGCHLD && si.si_code > 0) {
        c.str(", si_pid=");
        c.dec(si.si_pid);
        c.str(", si_uid=");
        c.udec(si.si_uid);
        c.str(", si_status=");
        if (si.si_code == CLD_EXITED)
            c.dec(si.si_status);
        else
            c.signame(si.si_status);
        c.str(", si_utime=");
        c.dec(si.si_utime);
        c.str(", si_stime=");
        c.dec(si.si_stime);
    } else if (is_fault(si.si_signo) && (si.si_code > 0 || si.si_code == SI_KERNEL)) {
        c.str(", si_addr=");
        c.ptr(reinterpret_cast<uint64_t>(si.si_addr));
    }
    c.str("}");
}

}  // namespace wiretrace
