// File calls: open family, access, the stat family, *at variants, readlink, getcwd.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <vector>

#include <linux/openat2.h>

#include "decode/decoder.h"

namespace wiretrace {

void print_open_flags(Call &c, uint64_t flags) {
    c.composite(flags, [flags](Call &n) {
        n.enum_val(xlat_open_access_modes, flags & O_ACCMODE, "%#llo");
        uint64_t rest = flags & ~static_cast<uint64_t>(O_ACCMODE);
        if (rest) {
            n.str("|");
            n.flags(xlat_open_flags, rest, "0");
        }
    });
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

// "1795685216 /* 2026-11-26T09:26:56.375802316+0000 */", as strace -v prints times.
void print_time_comment(Call &c, int64_t sec, long nsec) {
    char buf[96];
    c.dec(sec);
    struct tm tm;
    time_t t = static_cast<time_t>(sec);
    if (!localtime_r(&t, &tm)) return;
    size_t n = strftime(buf, sizeof buf, " /* %Y-%m-%dT%H:%M:%S", &tm);
    if (nsec) n += static_cast<size_t>(std::snprintf(buf + n, sizeof buf - n, ".%09ld", nsec));
    strftime(buf + n, sizeof buf - n, "%z */", &tm);
    c.str(buf);
}

// The struct stat strace prints: abbreviated, or in full with -v.
void print_stat(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    struct stat st;
    if (c.failed() || !c.mem().read_obj(RemoteAddr(addr), st)) {
        c.ptr(addr);
        return;
    }
    if (!c.options().abbrev) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "{st_dev=makedev(%#x, %#x), st_ino=%llu, st_mode=", major(st.st_dev),
                      minor(st.st_dev), static_cast<unsigned long long>(st.st_ino));
        c.str(buf);
        print_mode(c, st.st_mode);
        std::snprintf(buf, sizeof buf, ", st_nlink=%llu, st_uid=%u, st_gid=%u, st_blksize=%ld, st_blocks=%lld",
                      static_cast<unsigned long long>(st.st_nlink), st.st_uid, st.st_gid,
                      static_cast<long>(st.st_blksize), static_cast<long long>(st.st_blocks));
        c.str(buf);
        if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
            std::snprintf(buf, sizeof buf, ", st_rdev=makedev(%#x, %#x)", major(st.st_rdev), minor(st.st_rdev));
            c.str(buf);
        } else {
            c.str(", st_size=");
            c.dec(st.st_size);
        }
        const struct {
            const char *name;
            const timespec &ts;
        } times[] = {{"atime", st.st_atim}, {"mtime", st.st_mtim}, {"ctime", st.st_ctim}};
        for (const auto &t : times) {
            c.str(", st_");
            c.str(t.name);
            c.str("=");
            print_time_comment(c, t.ts.tv_sec, t.ts.tv_nsec);
            c.str(", st_");
            c.str(t.name);
            c.str("_nsec=");
            c.dec(t.ts.tv_nsec);
        }
        c.str("}");
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

// openat2(dirfd, path, {flags=..., mode=..., resolve=...}, size): the structure as far as
// `size` says (extensible: bytes past the known ones are shown when not zero), then size.
void decode_openat2(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    uint64_t addr = c.arg(2), size = c.arg(3);
    open_how how{};
    if (c.fetch_sized(addr, size, 24, how)) {  // (OPEN_HOW_SIZE_VER0)
        c.str("{flags=");
        print_open_flags(c, how.flags);
        if ((how.flags & (O_CREAT | __O_TMPFILE)) || how.mode) {
            char buf[32];
            std::snprintf(buf, sizeof buf, ", mode=%#03llo", static_cast<unsigned long long>(how.mode));
            c.str(buf);
        }
        c.str(", resolve=");
        c.flags_of({&xlat_open_resolve_flags}, how.resolve, "0", "RESOLVE_???");
        print_struct_tail(c, addr, sizeof how, size);
        c.str("}");
    }
    c.sep();
    c.udec(size);
    c.set_result_fd();
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
    c.flags_of({&xlat_access_modes}, static_cast<unsigned>(c.arg(1)), "F_OK", "?_OK");
}

void decode_faccessat(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.flags_of({&xlat_access_modes}, static_cast<unsigned>(c.arg(2)), "F_OK", "?_OK");
}

void decode_faccessat2(Call &c) {
    decode_faccessat(c);
    if (c.entering()) {
        c.sep();
        c.flags_of({&xlat_faccessat_flags}, static_cast<unsigned>(c.arg(3)), "0", "AT_???");
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

// ---- statx, statfs, extended attributes, directory entries, futex
namespace wiretrace {

void decode_statx(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        c.path(c.arg(1));
        c.sep();
        unsigned flags = static_cast<unsigned>(c.arg(2));
        unsigned sync = flags & 0x6000;
        c.str(sync == 0x2000 ? "AT_STATX_FORCE_SYNC" : sync == 0x4000 ? "AT_STATX_DONT_SYNC" : "AT_STATX_SYNC_AS_STAT");
        if (flags & ~0x6000u) {
            c.str("|");
            c.flags(xlat_statx_at_flags, flags & ~0x6000u, "0");
        }
        c.sep();
        c.flags(xlat_statx_masks, static_cast<unsigned>(c.arg(3)), "0");
        c.sep();
        return;
    }
    struct statx sx;
    if (c.failed() || !c.mem().read_obj(RemoteAddr(c.arg(4)), sx)) {
        c.ptr(c.arg(4));
        return;
    }
    c.str("{stx_mask=");
    c.flags(xlat_statx_masks, sx.stx_mask, "0");
    c.str(", stx_attributes=");
    c.flags(xlat_statx_attrs, sx.stx_attributes, "0");
    c.str(", stx_mode=");
    print_mode(c, sx.stx_mode);
    c.str(", stx_size=");
    c.udec(sx.stx_size);
    c.str(", ...}");
}

namespace {
void print_statfs(Call &c, uint64_t addr) {
    if (c.by_address(addr)) return;
    struct statfs64 {
        int64_t f_type, f_bsize;
        uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
        int32_t f_fsid[2];
        int64_t f_namelen, f_frsize, f_flags, f_spare[4];
    } s;
    if (c.failed() || !c.mem().read_obj(RemoteAddr(addr), s)) {
        c.ptr(addr);
        return;
    }
    char buf[160];
    c.str("{f_type=");
    c.enum_val(xlat_fs_magics, static_cast<uint64_t>(s.f_type), "%#llx");
    std::snprintf(buf, sizeof buf, ", f_bsize=%lld, f_blocks=%llu, f_bfree=%llu, f_bavail=%llu, f_files=%llu",
                  static_cast<long long>(s.f_bsize), static_cast<unsigned long long>(s.f_blocks),
                  static_cast<unsigned long long>(s.f_bfree), static_cast<unsigned long long>(s.f_bavail),
                  static_cast<unsigned long long>(s.f_files));
    c.str(buf);
    std::snprintf(buf, sizeof buf, ", f_ffree=%llu, f_fsid={val=[%#x, %#x]}, f_namelen=%lld, f_frsize=%lld, f_flags=",
                  static_cast<unsigned long long>(s.f_ffree), static_cast<unsigned>(s.f_fsid[0]),
                  static_cast<unsigned>(s.f_fsid[1]), static_cast<long long>(s.f_namelen),
                  static_cast<long long>(s.f_frsize));
    c.str(buf);
    c.flags(xlat_statfs_flags, static_cast<uint64_t>(s.f_flags), "0");
    c.str("}");
}
}  // namespace

void decode_statfs(Call &c) {
    if (c.entering()) {
        c.path(c.arg(0));
        c.sep();
        return;
    }
    print_statfs(c, c.arg(1));
}

void decode_fstatfs(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    print_statfs(c, c.arg(1));
}

namespace {
// getxattr and friends after the file: name at entry; value (what the call returned) and size
// at exit.
void xattr_get(Call &c) {
    if (c.entering()) {
        c.cstring(c.arg(1));
        c.sep();
        return;
    }
    if (c.arg(2) == 0)
        c.str("NULL");
    else if (c.failed())
        c.ptr(c.arg(2));
    else
        c.buffer(c.arg(2), std::min<uint64_t>(static_cast<uint64_t>(c.ret()), c.arg(3)));
    c.sep();
    c.udec(c.arg(3));
}

void xattr_list(Call &c) {
    if (c.entering()) return;
    if (c.arg(1) == 0)
        c.str("NULL");
    else if (c.failed())
        c.ptr(c.arg(1));
    else
        c.buffer(c.arg(1), std::min<uint64_t>(static_cast<uint64_t>(c.ret()), c.arg(2)));
    c.sep();
    c.udec(c.arg(2));
}
}  // namespace

void decode_getxattr(Call &c) {
    if (c.entering()) {
        c.path(c.arg(0));
        c.sep();
    }
    xattr_get(c);
}

void decode_fgetxattr(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
    }
    xattr_get(c);
}

void decode_listxattr(Call &c) {
    if (c.entering()) {
        c.path(c.arg(0));
        c.sep();
    }
    xattr_list(c);
}

void decode_flistxattr(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
    }
    xattr_list(c);
}

// getdents64: strace (without -v) counts the entries: "0x55d0 /* 29 entries */".
void decode_getdents64(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    c.ptr(c.arg(1));
    if (!c.failed()) {
        size_t len = static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(c.ret()), 1 << 20));
        std::vector<unsigned char> buf(len);
        if (len == 0 || c.mem().read_exact(RemoteAddr(c.arg(1)), buf.data(), len)) {
            unsigned n = 0;
            for (size_t off = 0; off + 19 <= len; n++) {
                uint16_t reclen;
                std::memcpy(&reclen, buf.data() + off + 16, 2);
                if (reclen == 0) break;
                off += reclen;
            }
            char note[48];
            std::snprintf(note, sizeof note, " /* %u entries */", n);
            c.str(note);
        }
    }
    c.sep();
    c.udec(static_cast<unsigned>(c.arg(2)));
}

void decode_futex(Call &c) {
    if (c.exiting()) return;
    unsigned op = static_cast<unsigned>(c.arg(1));
    unsigned cmd = op & 0x7f;
    c.ptr(c.arg(0));
    c.sep();
    c.enum_val(xlat_futex_ops, cmd, "%#llx");
    if (xlat_name(xlat_futex_ops, cmd) && (op & 128)) c.str("_PRIVATE");
    if (op & 256) c.str("|FUTEX_CLOCK_REALTIME");
    c.sep();
    switch (cmd) {
        case 0:  // FUTEX_WAIT
            c.udec(static_cast<unsigned>(c.arg(2)));
            c.sep();
            print_timespec(c, c.arg(3));
            break;
        case 1:  // FUTEX_WAKE
        case 7:  // FUTEX_UNLOCK_PI
        case 8:  // FUTEX_TRYLOCK_PI
            c.dec(static_cast<int>(c.arg(2)));
            break;
        case 9:   // FUTEX_WAIT_BITSET
        case 10:  // FUTEX_WAKE_BITSET
            c.dec(static_cast<int>(c.arg(2)));
            c.sep();
            if (cmd == 9)
                print_timespec(c, c.arg(3));
            else
                c.ptr(c.arg(3));
            c.sep();
            if (static_cast<uint32_t>(c.arg(5)) == 0xffffffffu)
                c.str("FUTEX_BITSET_MATCH_ANY");
            else
                c.hex(static_cast<uint32_t>(c.arg(5)));
            break;
        case 3:  // FUTEX_REQUEUE
        case 4:  // FUTEX_CMP_REQUEUE
            c.dec(static_cast<int>(c.arg(2)));
            c.sep();
            c.udec(static_cast<uint32_t>(c.arg(3)));
            c.sep();
            c.ptr(c.arg(4));
            if (cmd == 4) {
                c.sep();
                c.dec(static_cast<int>(c.arg(5)));
            }
            break;
        case 6:   // FUTEX_LOCK_PI
        case 13:  // FUTEX_LOCK_PI2
            print_timespec(c, c.arg(3));
            break;
        default:
            c.hex(c.arg(2));
            for (int i = 3; i < 6; i++) {
                c.sep();
                c.hex(c.arg(i));
            }
    }
}

}  // namespace wiretrace
