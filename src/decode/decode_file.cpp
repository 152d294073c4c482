// File calls: open family, access, the stat family, *at variants, readlink, getcwd.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstdio>

#include "decode/decoder.h"

namespace wiretrace {

void print_open_flags(Call &c, uint64_t flags) {
    c.enum_val(xlat_open_access_modes, flags & O_ACCMODE, "%#llo");
    uint64_t rest = flags & ~static_cast<uint64_t>(O_ACCMODE);
    if (rest) {
        c.str("|");
        c.flags(xlat_open_flags, rest, "0");
    }
}

namespace {

void print_open_tail(Call &c, uint64_t flags, uint64_t mode) {
    print_open_flags(c, flags);
    if ((flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE) {
        c.sep();
        c.oct(mode & 07777);
    }
}

void print_mode(Call &c, uint32_t mode) {
    c.enum_val(xlat_stat_modes, mode & S_IFMT, "%#llo");
    c.str("|");
    if (mode & S_ISUID) c.str("S_ISUID|");
    if (mode & S_ISGID) c.str("S_ISGID|");
    if (mode & S_ISVTX) c.str("S_ISVTX|");
    c.oct(mode & 0777);
}

// The abbreviated struct stat strace prints without -v.
void print_stat(Call &c, uint64_t addr) {
    struct stat st;
    if (c.failed() || !c.mem().read_obj(RemoteAddr(addr), st)) {
        c.ptr(addr);
        return;
    }
    c.str("{st_mode=");
    print_mode(c, st.st_mode);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, ", st_rdev=makedev(%#x, %#x)", major(st.st_rdev), minor(st.st_rdev));
        c.str(buf);
    } else {
        c.str(", st_size=");
        c.dec(st.st_size);
    }
    c.str(", ...}");
}
}  // namespace

void decode_open(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    print_open_tail(c, c.arg(1), c.arg(2));
}

void decode_openat(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    print_open_tail(c, c.arg(2), c.arg(3));
}

void decode_creat(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.oct(c.arg(1) & 07777);
}

void decode_access(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.flags(xlat_access_modes, static_cast<unsigned>(c.arg(1)), "F_OK");
}

void decode_faccessat(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.flags(xlat_access_modes, static_cast<unsigned>(c.arg(2)), "F_OK");
}

void decode_faccessat2(Call &c) {
    decode_faccessat(c);
    if (c.entering()) {
        c.sep();
        c.flags(xlat_at_flags, static_cast<unsigned>(c.arg(3)), "0");
    }
}

void decode_newfstatat(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        c.path(c.arg(1));
        c.sep();
        return;
    }
    print_stat(c, c.arg(2));
    c.sep();
    c.flags(xlat_at_flags, static_cast<unsigned>(c.arg(3)), "0");
}

void decode_fstat(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    print_stat(c, c.arg(1));
}

void decode_stat(Call &c) {
    if (c.entering()) {
        c.path(c.arg(0));
        c.sep();
        return;
    }
    print_stat(c, c.arg(1));
}

void decode_unlinkat(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.flags(xlat_at_flags, static_cast<unsigned>(c.arg(2)), "0");
}

void decode_readlink(Call &c) {
    if (c.entering()) {
        c.path(c.arg(0));
        c.sep();
        return;
    }
    c.returned_buffer(c.arg(1));
    c.sep();
    c.udec(c.arg(2));
}

void decode_getcwd(Call &c) {
    if (c.entering()) return;
    if (c.failed())
        c.ptr(c.arg(0));
    else
        c.path(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
}

}  // namespace wiretrace
