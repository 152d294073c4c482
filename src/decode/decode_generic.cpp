// Decoders shared by many calls: raw arguments (strace's printargs) and one-shape calls.
#include <signal.h>

#include "decode/decoder.h"
#include "decoders.h"
#include "syscalls/syscall_table.h"

namespace wiretrace {

// Every argument in hex, as strace prints calls it has no decoder for.
void decode_generic(Call &c) {
    if (c.exiting()) return;
    int n = c.info() ? c.info()->nargs : 6;
    for (int i = 0; i < n; i++) {
        if (i) c.sep();
        c.hex(c.arg(i));
    }
}

void decode_int1(Call &c) {
    if (c.entering()) c.dec(c.iarg(0));
}
void decode_uint1(Call &c) {
    if (c.entering()) c.udec(static_cast<unsigned>(c.arg(0)));
}
void decode_addr1(Call &c) {
    if (c.entering()) c.ptr(c.arg(0));
}
void decode_addr_len(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
}
void decode_fd1(Call &c) {
    if (c.entering()) c.fd(c.iarg(0));
}
void decode_fd2(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.fd(c.iarg(1));
}
void decode_fd_int(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.dec(c.iarg(1));
}
void decode_path1(Call &c) {
    if (c.entering()) c.path(c.arg(0));
}
void decode_path2(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.path(c.arg(1));
}
void decode_path_mode(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.oct(c.arg(1) & 07777);
}
void decode_umask(Call &c) {
    if (c.entering()) c.oct(c.arg(0) & 0777);
}

}  // namespace wiretrace

// ---- small shapes shared by many calls
namespace wiretrace {

// Every argument a signed int: setpgid(0, 0), setresuid(-1, 0, -1), getsid(0).
void decode_ints(Call &c) {
    if (c.exiting() || !c.info()) return;
    for (int i = 0; i < c.info()->nargs; i++) {
        if (i) c.sep();
        c.dec(c.iarg(i));
    }
}

// getresuid/getresgid: three ids the kernel fills in.
void decode_getres(Call &c) {
    if (c.entering()) return;
    for (int i = 0; i < 3; i++) {
        if (i) c.sep();
        unsigned v;
        if (!c.failed() && c.mem().read_obj(RemoteAddr(c.arg(i)), v)) {
            c.str("[");
            c.udec(v);
            c.str("]");
        } else {
            c.ptr(c.arg(i));
        }
    }
}

// A path and an octal mode after a directory descriptor: mkdirat, fchmodat, mknodat.
void decode_dirfd_path_mode(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.oct(c.arg(2) & 07777);
}

void decode_fd_mode(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.oct(c.arg(1) & 07777);
}

void decode_path_owner(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.dec(c.iarg(1));
    c.sep();
    c.dec(c.iarg(2));
}

void decode_fd_owner(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.dec(c.iarg(1));
    c.sep();
    c.dec(c.iarg(2));
}

void decode_fchownat(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.dec(c.iarg(2));
    c.sep();
    c.dec(c.iarg(3));
    c.sep();
    c.flags(xlat_at_flags, static_cast<unsigned>(c.arg(4)), "0");
}

void decode_symlinkat(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.fd(c.iarg(1));
    c.sep();
    c.path(c.arg(2));
}

void decode_readlinkat(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        c.path(c.arg(1));
        c.sep();
        return;
    }
    c.returned_buffer(c.arg(2));
    c.sep();
    c.udec(c.arg(3));
}

// renameat, renameat2, linkat: two (dirfd, path) pairs, then flags.
void decode_renameat(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.fd(c.iarg(2));
    c.sep();
    c.path(c.arg(3));
}

void decode_renameat2(Call &c) {
    decode_renameat(c);
    if (c.exiting()) return;
    c.sep();
    c.flags(xlat_rename_flags, static_cast<unsigned>(c.arg(4)), "0");
}

void decode_linkat(Call &c) {
    decode_renameat(c);
    if (c.exiting()) return;
    c.sep();
    c.flags(xlat_at_flags, static_cast<unsigned>(c.arg(4)), "0");
}

void decode_flock(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.flags(xlat_flock_ops, static_cast<unsigned>(c.arg(1)), "0");
}

void decode_madvise(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    c.enum_val(xlat_madvise_advice, static_cast<unsigned>(c.arg(2)), "%#llx /* MADV_??? */");
}

void decode_close_range(Call &c) {
    if (c.exiting()) return;
    c.fd(static_cast<int>(c.arg(0)));
    c.sep();
    c.udec(static_cast<unsigned>(c.arg(1)));
    c.sep();
    c.hex(static_cast<unsigned>(c.arg(2)));
}

void decode_pidfd_send_signal(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.signame(c.iarg(1));
    c.sep();
    siginfo_t si;
    if (c.arg(2) == 0)
        c.str("NULL");
    else if (c.mem().read_obj(RemoteAddr(c.arg(2)), si))
        print_siginfo(c, si);
    else
        c.ptr(c.arg(2));
    c.sep();
    c.hex(static_cast<unsigned>(c.arg(3)));
}

void decode_clock_gettime(Call &c) {
    if (c.entering()) {
        c.enum_val(xlat_clocks, c.arg(0), "%#llx /* CLOCK_??? */");
        c.sep();
        return;
    }
    if (c.failed())
        c.ptr(c.arg(1));
    else
        print_timespec(c, c.arg(1));
}

}  // namespace wiretrace
