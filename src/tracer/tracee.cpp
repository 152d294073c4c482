#include "tracer/tracee.h"

#include <errno.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#include <algorithm>
#include <cstddef>

#include <cstring>

namespace wiretrace {

bool Tracee::resume(Resume how, int sig) {
    long req = PTRACE_SYSCALL;
    switch (how) {
        case Resume::Syscall:
            req = PTRACE_SYSCALL;
            break;
        case Resume::Cont:
            req = PTRACE_CONT;
            break;
        case Resume::Listen:
            req = PTRACE_LISTEN;
            break;
        case Resume::Detach:
            req = PTRACE_DETACH;
            break;
    }
    return ptrace(static_cast<__ptrace_request>(req), tid_, 0L, static_cast<long>(sig)) == 0;
}

bool Tracee::interrupt() {
    return ptrace(PTRACE_INTERRUPT, tid_, 0L, 0L) == 0;
}

bool Tracee::syscall_info(struct __ptrace_syscall_info &info) {
    long r = ptrace(static_cast<__ptrace_request>(PTRACE_GET_SYSCALL_INFO), tid_, reinterpret_cast<void *>(sizeof info),
                    &info);
    return r > 0;
}

bool Tracee::siginfo(siginfo_t &si) {
    return ptrace(PTRACE_GETSIGINFO, tid_, 0L, &si) == 0;
}

bool Tracee::event_msg(unsigned long &msg) {
    return ptrace(PTRACE_GETEVENTMSG, tid_, 0L, &msg) == 0;
}

bool Tracee::set_syscall_nr(long nr) {
    return ptrace(PTRACE_POKEUSER, tid_, offsetof(struct user, regs.orig_rax), nr) == 0;
}

bool Tracee::set_return(int64_t value) {
    return ptrace(PTRACE_POKEUSER, tid_, offsetof(struct user, regs.rax), static_cast<long>(value)) == 0;
}

size_t Tracee::write(uint64_t addr, const void *src, size_t len) {
    if (len == 0) return 0;
    iovec local{const_cast<void *>(src), len};
    iovec remote{reinterpret_cast<void *>(addr), len};
    ssize_t n = process_vm_writev(tid_, &local, 1, &remote, 1, 0);
    if (n > 0) return static_cast<size_t>(n);
    // read-only mappings (and kernels without process_vm_writev): word by word through ptrace,
    // which writes through page protections as a debugger does
    size_t done = 0;
    while (done < len) {
        uint64_t a = addr + done;
        uint64_t aligned = a & ~uint64_t(7);
        size_t off = static_cast<size_t>(a - aligned);
        size_t k = std::min(len - done, 8 - off);
        long w = 0;
        if (k < 8) {
            errno = 0;
            w = ptrace(PTRACE_PEEKDATA, tid_, reinterpret_cast<void *>(aligned), 0L);
            if (errno) break;
        }
        std::memcpy(reinterpret_cast<char *>(&w) + off, static_cast<const char *>(src) + done, k);
        if (ptrace(PTRACE_POKEDATA, tid_, reinterpret_cast<void *>(aligned), w) != 0) break;
        done += k;
    }
    return done;
}

size_t Tracee::read(RemoteAddr addr, void *dst, size_t len) {
    if (len == 0) return 0;
    iovec local{dst, len};
    iovec remote{reinterpret_cast<void *>(addr.value), len};
    ssize_t n = process_vm_readv(tid_, &local, 1, &remote, 1, 0);
    if (n > 0) return static_cast<size_t>(n);
    if (n < 0 && errno != EPERM && errno != ENOSYS) return 0;
    // process_vm_readv refused (e.g. a kernel without it): fall back to word reads.
    size_t done = 0;
    while (done < len) {
        uint64_t a = addr.value + done;
        uint64_t aligned = a & ~uint64_t(7);
        errno = 0;
        long w = ptrace(PTRACE_PEEKDATA, tid_, reinterpret_cast<void *>(aligned), 0L);
        if (errno) break;
        size_t off = static_cast<size_t>(a - aligned);
        size_t k = std::min(len - done, 8 - off);
        std::memcpy(static_cast<char *>(dst) + done, reinterpret_cast<char *>(&w) + off, k);
        done += k;
    }
    return done;
}

}  // namespace wiretrace
