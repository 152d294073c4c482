// File system requests ('f' and 'X', linux/fs.h): extent maps (FS_IOC_FIEMAP, the request at
// entry and the extents at exit), inode flags, trim ranges, extended attributes, freeze and
// thaw, as strace's fs_f_ioctl.c and fs_x_ioctl.c.
#include <linux/fiemap.h>
#include <linux/fs.h>

#include <cstddef>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
IoctlArg fiemap_of(Call &c, uint64_t addr) {
    if (!entry_or_result(c)) return IoctlArg::Done;
    fiemap m;
    if (!c.fetch(addr, m)) return IoctlArg::Done;
    if (c.entering()) {
        c.str("{fm_start=");
        c.udec(m.fm_start);
        c.str(", fm_length=");
        c.udec(m.fm_length);
        c.str(", fm_flags=");
        c.flags_of({&xlat_fiemap_flags}, m.fm_flags, "0", "FIEMAP_FLAG_???");
        c.str(", fm_extent_count=");
        c.udec(m.fm_extent_count);
        c.str("}");
        return IoctlArg::AtExit;
    }
    c.str("{fm_flags=");
    c.flags_of({&xlat_fiemap_flags}, m.fm_flags, "0", "FIEMAP_FLAG_???");
    c.str(", fm_mapped_extents=");
    c.udec(m.fm_mapped_extents);
    if (c.options().abbrev) {
        c.str(", ...}");
        return IoctlArg::Done;
    }
    c.str(", fm_extents=");
    c.array<fiemap_extent>(addr + offsetof(fiemap, fm_extents), m.fm_mapped_extents, [&](const fiemap_extent &e) {
        c.str("{fe_logical=");
        c.udec(e.fe_logical);
        c.str(", fe_physical=");
        c.udec(e.fe_physical);
        c.str(", fe_length=");
        c.udec(e.fe_length);
        c.str(", fe_flags=");
        c.flags_of({&xlat_fiemap_extent_flags}, e.fe_flags, "0", "FIEMAP_EXTENT_???");
        c.str("}");
        return true;
    });
    c.str("}");
    return IoctlArg::Done;
}

void inode_flags(Call &c, uint64_t addr) {
    unsigned v;
    if (!c.fetch(addr, v)) return;
    c.str("[");
    c.flags_of({&xlat_fs_ioc_flags}, v, "0", "FS_???_FL");
    c.str("]");
}

void trim_range(Call &c, uint64_t addr) {
    fstrim_range r;
    if (!c.fetch(addr, r)) return;
    c.str("{start=");
    c.hex(r.start);
    c.str(", len=");
    c.udec(r.len);
    c.str(", minlen=");
    c.udec(r.minlen);
    c.str("}");
}

void fsxattr_of(Call &c, uint64_t addr, bool get) {
    fsxattr x;
    if (!c.fetch(addr, x)) return;
    c.str("{fsx_xflags=");
    c.flags_of({&xlat_fs_xflags}, x.fsx_xflags, "0", "FS_XFLAG_???");
    c.str(", fsx_extsize=");
    c.udec(x.fsx_extsize);
    if (get) {
        c.str(", fsx_nextents=");
        c.udec(x.fsx_nextents);
    }
    c.str(", fsx_projid=");
    c.hex(x.fsx_projid);
    c.str(", fsx_cowextsize=");
    c.udec(x.fsx_cowextsize);
    c.str("}");
}
}  // namespace

IoctlArg fs_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case FS_IOC_FIEMAP:
            return fiemap_of(c, arg);
        case FS_IOC_GETFLAGS:
        case FS_IOC32_GETFLAGS:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case FS_IOC_SETFLAGS:
        case FS_IOC32_SETFLAGS:
            c.sep();
            inode_flags(c, arg);
            return IoctlArg::Done;
        case FITRIM:
            c.sep();
            trim_range(c, arg);
            return IoctlArg::Done;
        case FS_IOC_FSGETXATTR:
            if (c.entering()) return IoctlArg::AtExit;
            c.sep();
            fsxattr_of(c, arg, true);
            return IoctlArg::Done;
        case FS_IOC_FSSETXATTR:
            c.sep();
            fsxattr_of(c, arg, false);
            return IoctlArg::Done;
        case FIFREEZE:
        case FITHAW:
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
