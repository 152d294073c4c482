// Descriptor I/O: read/write and friends, lseek, pipes, dup3, getrandom.
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <algorithm>
#include <cstdio>

#include "decode/decoder.h"
#include "decoders.h"

namespace wiretrace {

void decode_read(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    c.returned_buffer(c.arg(1));
    c.sep();
    c.udec(c.arg(2));
}

void decode_pread(Call &c) {
    decode_read(c);
    if (c.exiting()) {
        c.sep();
        c.dec(static_cast<int64_t>(c.arg(3)));
    }
}

void decode_write(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.buffer(c.arg(1), c.arg(2));
    c.sep();
    c.udec(c.arg(2));
}

void decode_pwrite(Call &c) {
    decode_write(c);
    if (c.entering()) {
        c.sep();
        c.dec(static_cast<int64_t>(c.arg(3)));
    }
}

void decode_lseek(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.dec(static_cast<int64_t>(c.arg(1)));
    c.sep();
    c.enum_val(xlat_whence, static_cast<unsigned>(c.arg(2)), "%#llx /* SEEK_??? */");
}

void decode_ftruncate(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.dec(static_cast<int64_t>(c.arg(1)));
}

void decode_truncate(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.dec(static_cast<int64_t>(c.arg(1)));
}

void decode_pipe(Call &c) {
    if (c.exiting()) c.int_pair(c.arg(0));
}

void decode_pipe2(Call &c) {
    if (c.entering()) return;
    c.int_pair(c.arg(0));
    c.sep();
    c.flags(xlat_pipe_flags, static_cast<unsigned>(c.arg(1)), "0");
}

void decode_dup3(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.fd(c.iarg(1));
    c.sep();
    c.flags_of({&xlat_open_flags}, static_cast<unsigned>(c.arg(2)), "0", "O_???");  // (strace: open's flags)
}

// getrandom's bytes are always shown in hex, as strace does.
void decode_getrandom(Call &c) {
    if (c.entering()) return;
    uint64_t len = c.failed() ? 0 : static_cast<uint64_t>(c.ret());
    size_t n = static_cast<size_t>(std::min<uint64_t>(len, c.options().max_strlen));
    unsigned char buf[4096];
    if (c.failed() || n > sizeof buf || (n && !c.mem().read_exact(RemoteAddr(c.arg(0)), buf, n))) {
        c.ptr(c.arg(0));
    } else {
        static const char digits[] = "0123456789abcdef";
        std::string &o = c.out();
        o += '"';
        for (size_t i = 0; i < n; i++) {
            o += "\\x";
            o += digits[buf[i] >> 4];
            o += digits[buf[i] & 15];
        }
        o += '"';
        if (len > n) o += "...";
    }
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    c.flags(xlat_getrandom_flags, static_cast<unsigned>(c.arg(2)), "0");
}

}  // namespace wiretrace

// ---- fcntl, ioctl, the event descriptors, vectored and spliced I/O
namespace wiretrace {

namespace {
// struct f_owner_ex: {type=F_OWNER_TID, pid=N}, the pid a thread, process or group by type.
void print_owner_ex(Call &c, uint64_t addr) {
    struct {
        int type;
        int pid;
    } o;
    if (!c.fetch(addr, o)) return;
    c.str("{type=");
    c.enum_val(xlat_f_owner_types, static_cast<unsigned>(o.type), "%#x /* F_OWNER_??? */");
    c.str(", pid=");
    c.pid(o.pid, o.type == 0 ? PidType::Tid : o.type == 2 ? PidType::Pgid : PidType::Tgid);
    c.str("}");
}

void print_flock(Call &c, uint64_t addr, bool with_pid) {
    if (c.by_address(addr)) return;
    struct flock fl;
    if (!c.mem().read_obj(RemoteAddr(addr), fl)) {
        c.ptr(addr);
        return;
    }
    c.str("{l_type=");
    c.enum_val(xlat_lock_types, static_cast<uint64_t>(fl.l_type), "%#llx /* F_??? */");
    c.str(", l_whence=");
    c.enum_val(xlat_whence, static_cast<uint64_t>(fl.l_whence), "%#llx /* SEEK_??? */");
    c.str(", l_start=");
    c.dec(fl.l_start);
    c.str(", l_len=");
    c.dec(fl.l_len);
    if (with_pid) {
        c.str(", l_pid=");
        c.dec(fl.l_pid);
    }
    c.str("}");
}

// "0x1 (flags FD_CLOEXEC)": a flags result as strace shows it.
void flags_result(Call &c, const Xlat &x, uint64_t v, bool open_flags) {
    if (v == 0) return;  // plain "0"
    std::string &r = c.result_text();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%#llx (flags ", static_cast<unsigned long long>(v));
    r = buf;
    c.print_into(r, [&] {
        if (open_flags)
            print_open_flags(c, v);
        else
            c.flags(x, v, "0");
        c.str(")");
    });
}
}  // namespace

void decode_fcntl(Call &c) {
    unsigned cmd = static_cast<unsigned>(c.arg(1));
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        c.enum_val(xlat_fcntl_cmds, cmd, "%#llx /* F_??? */");
        switch (cmd) {
            case F_GETFD:
            case F_GETFL:
            case F_GETOWN:
            case F_GETSIG:
            case F_GETLEASE:
            case F_GETPIPE_SZ:
            case F_GET_SEALS:
                return;
            case F_SETOWN:
                c.sep();
                c.pid_or_pgid(c.iarg(2));
                return;
            case F_DUPFD:
            case F_DUPFD_CLOEXEC:
            case F_SETPIPE_SZ:
                c.sep();
                c.dec(c.iarg(2));
                return;
            case F_SETFD:
                c.sep();
                c.flags(xlat_fd_flags, c.arg(2), "0");
                return;
            case F_SETFL:
                c.sep();
                print_open_flags(c, static_cast<unsigned>(c.arg(2)));
                return;
            case F_SETSIG:
                c.sep();
                c.signame(c.iarg(2));
                return;
            case F_NOTIFY:
                c.sep();
                c.flags(xlat_dnotify_flags, static_cast<unsigned>(c.arg(2)), "0");
                return;
            case F_SETLEASE:
                c.sep();
                c.enum_val(xlat_lock_types, static_cast<unsigned>(c.arg(2)), "%#llx /* F_??? */");
                return;
            case F_SETOWN_EX:
                c.sep();
                print_owner_ex(c, c.arg(2));
                return;
            case F_GETOWN_EX:
                c.sep();
                return;  // filled in by the kernel: at exit
            case F_SETLK:
            case F_SETLKW:
            case F_OFD_SETLK:
            case F_OFD_SETLKW:
                c.sep();
                print_flock(c, c.arg(2), false);
                return;
            case F_GETLK:
            case F_OFD_GETLK:
                c.sep();
                return;  // the lock is printed at exit, with what the kernel filled in
            default:
                c.sep();
                c.hex(c.arg(2));
                return;
        }
    }
    if (cmd == F_GETOWN_EX) {
        if (c.failed())
            c.ptr(c.arg(2));
        else
            print_owner_ex(c, c.arg(2));
        return;
    }
    if (c.failed() && (cmd == F_GETLK || cmd == F_OFD_GETLK)) {
        c.ptr(c.arg(2));
        return;
    }
    if (c.failed()) return;
    switch (cmd) {
        case F_DUPFD:
        case F_DUPFD_CLOEXEC:
            c.set_result_fd();
            break;
        case F_GETFD:
            flags_result(c, xlat_fd_flags, static_cast<uint64_t>(c.ret()), false);
            break;
        case F_GETFL:
            flags_result(c, xlat_fd_flags, static_cast<uint64_t>(c.ret()), true);
            break;
        case F_GETLK:
        case F_OFD_GETLK:
            print_flock(c, c.arg(2), true);
            break;
        case F_GETOWN:
            c.pid_result(PidType::Tgid);
            break;
        case F_GETLEASE: {  // "0x2 (F_UNLCK)"
            const char *name = xlat_name(xlat_lock_types, static_cast<uint64_t>(c.ret()));
            char buf[64];
            std::snprintf(buf, sizeof buf, "%#llx", static_cast<unsigned long long>(c.ret()));
            c.result_text() = std::string(buf) + (name ? std::string(" (") + name + ")" : "");
            break;
        }
        case F_GETSIG:
            if (c.ret() > 0) {
                char buf[16];
                c.result_text() =
                    std::to_string(c.ret()) + " (" + std::string(signal_name(static_cast<int>(c.ret()), buf)) + ")";
            }
            break;
        default:
            break;
    }
}

void decode_eventfd2(Call &c) {
    if (c.exiting()) return;
    c.udec(static_cast<unsigned>(c.arg(0)));
    c.sep();
    c.flags(xlat_efd_flags, static_cast<unsigned>(c.arg(1)), "0");
}

void decode_epoll_create1(Call &c) {
    if (c.exiting()) return;
    c.flags(xlat_epoll_flags, static_cast<unsigned>(c.arg(0)), "0");
}

// memfd_create(name, flags): the name up to its NUL within 250 bytes (MFD_NAME_MAX_LEN + 1);
// the flags with a huge page size as "N<<MFD_HUGE_SHIFT", as strace 6.1 (whose table stops at
// MFD_HUGETLB).
void decode_memfd_create(Call &c) {
    if (c.exiting()) return;
    c.bounded_cstring(c.arg(0), 250);
    c.sep();
    auto flags = static_cast<unsigned>(c.arg(1));
    int style = c.options().xlat_style;
    if (!flags || style != kXlatAbbrev) c.hex(flags);
    if (!flags || style == kXlatRaw) return;
    if (style == kXlatVerbose) c.str(" /* ");
    constexpr unsigned kHugeShift = 26, kHugeMask = 0x3f << kHugeShift;
    unsigned huge = flags & kHugeMask, rest = flags & ~kHugeMask;
    c.with_xlat_style(kXlatAbbrev, [&](Call &n) {
        if (rest || !huge) n.flags_of({&xlat_mfd_flags}, rest, "0", "MFD_???");
        if (huge) {
            if (rest) n.str("|");
            n.udec(huge >> kHugeShift);
            n.str("<<MFD_HUGE_SHIFT");
        }
    });
    if (style == kXlatVerbose) c.str(" */");
}

void decode_signalfd4(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    print_sigset(c, c.arg(1), c.arg(2));
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.flags(xlat_sfd_flags, static_cast<unsigned>(c.arg(3)), "0");
}

void decode_writev(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    print_iov(c, c.arg(1), c.arg(2), ~uint64_t(0));
    c.sep();
    c.udec(c.arg(2));
}

void decode_readv(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    print_iov(c, c.arg(1), c.arg(2), static_cast<uint64_t>(c.ret()), c.failed());
    c.sep();
    c.udec(c.arg(2));
}

namespace {
// preadv/pwritev's arguments after the iovecs: the count, the 64-bit offset, and the
// *v2 call's RWF_* flags.
void count_offset_flags(Call &c, long v2) {
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.dec(static_cast<int64_t>(c.arg(3)));
    if (c.nr() == v2) {
        c.sep();
        c.flags(xlat_rwf_flags, c.arg(5), "0");
    }
}
}  // namespace

// preadv, preadv2: as readv, then the offset (and preadv2's RWF_* flags).
void decode_preadv(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    print_iov(c, c.arg(1), c.arg(2), static_cast<uint64_t>(c.ret()), c.failed());
    count_offset_flags(c, SYS_preadv2);
}

void decode_pwritev(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    print_iov(c, c.arg(1), c.arg(2), ~uint64_t(0));
    count_offset_flags(c, SYS_pwritev2);
}

void decode_sendfile(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        c.fd(c.iarg(1));
        c.sep();
        int64_t off = 0;
        if (c.arg(2) == 0) {
            c.str("NULL");
        } else if (c.mem().read_obj(RemoteAddr(c.arg(2)), off)) {
            c.str("[");
            c.udec(static_cast<uint64_t>(off));  // (strace: unsigned)
            c.str("]");
            c.aux() = 1;
            return;
        } else {
            c.ptr(c.arg(2));
        }
        c.aux() = 0;
        c.sep();
        c.udec(c.arg(3));
        return;
    }
    if (c.aux()) {
        int64_t off = 0;
        // (the new offset when bytes were sent)
        if (!c.failed() && c.ret() != 0 && c.mem().read_obj(RemoteAddr(c.arg(2)), off)) {
            c.str(" => [");
            c.udec(static_cast<uint64_t>(off));
            c.str("]");
        }
        c.sep();
        c.udec(c.arg(3));
    }
}

void decode_splice(Call &c) {
    if (c.exiting()) return;
    auto off = [&](uint64_t p) {
        int64_t v;
        if (p == 0)
            c.str("NULL");
        else if (c.mem().read_obj(RemoteAddr(p), v)) {
            c.str("[");
            c.dec(v);
            c.str("]");
        } else
            c.ptr(p);
    };
    c.fd(c.iarg(0));
    c.sep();
    off(c.arg(1));
    c.sep();
    c.fd(c.iarg(2));
    c.sep();
    off(c.arg(3));
    c.sep();
    c.udec(c.arg(4));
    c.sep();
    c.flags(xlat_splice_flags, static_cast<unsigned>(c.arg(5)), "0");
}

}  // namespace wiretrace
