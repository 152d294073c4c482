#include "tracer/seccomp_filter.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"
#include "syscalls/syscall_table.h"

namespace wiretrace {

SeccompProgram::SeccompProgram(const std::function<bool(long)> &wanted) {
    // Numbers no syscall row knows (asked as one far beyond them) are traced by default and
    // the known calls not wanted allowed; otherwise the reverse.
    const bool unknown = wanted(1 << 20);
    scmp_filter_ctx ctx = seccomp_init(unknown ? SCMP_ACT_TRACE(0) : SCMP_ACT_ALLOW);
    if (!ctx) throw FatalError("seccomp_init failed");
    // Calls of another ABI (int 0x80 from a 64-bit process) are allowed, not killed.
    seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);
    // The child decides about no_new_privs itself (root does not need it).
    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
    int rc = 0;
    for (const SyscallInfo &s : all_syscalls()) {
        bool trace = wanted(s.nr) || s.nr == SYS_execve || s.nr == SYS_execveat;
        if (trace == unknown) continue;  // the default action does it
        rc = seccomp_rule_add(ctx, trace ? SCMP_ACT_TRACE(0) : SCMP_ACT_ALLOW, static_cast<int>(s.nr), 0);
        if (rc < 0) break;
    }
    // Export the program through a memory file; libseccomp 2.5 has no in-memory export.
    int fd = rc < 0 ? -1 : static_cast<int>(syscall(SYS_memfd_create, "wiretrace-bpf", MFD_CLOEXEC));
    if (fd >= 0 && (rc = seccomp_export_bpf(ctx, fd)) == 0) {
        off_t len = lseek(fd, 0, SEEK_END);
        insns_.resize(static_cast<size_t>(len) / sizeof(sock_filter));
        if (pread(fd, insns_.data(), insns_.size() * sizeof(sock_filter), 0) != len) rc = -EIO;
    }
    if (fd >= 0) close(fd);
    seccomp_release(ctx);
    if (rc < 0 || fd < 0 || insns_.empty())
        throw FatalError(std::string("cannot build the seccomp filter: ") + strerror(rc < 0 ? -rc : errno));
}

bool SeccompProgram::load() const {
    sock_fprog prog{static_cast<unsigned short>(insns_.size()), const_cast<sock_filter *>(insns_.data())};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0) return true;
    // Without CAP_SYS_ADMIN the kernel takes a filter only from a no_new_privs task (which
    // then cannot gain privileges through a set-user-ID program: strace has the same limit).
    if (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return false;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0;
}

}  // namespace wiretrace
