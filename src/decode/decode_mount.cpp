// Mounting: mount(2), umount2(2), and the mount API: open_tree(2), move_mount(2), fsopen(2), fsconfig(2), fsmount(2),
// fspick(2), mount_setattr(2) - descriptors, paths, their flags and struct mount_attr, as strace 6.1.
#include <climits>
#include <cstdint>
#include <cstring>

#include "decode/decoder.h"

namespace wiretrace {

namespace {
enum : unsigned { kSetFlag, kSetString, kSetBinary, kSetPath, kSetPathEmpty, kSetFd, kCreate, kReconfigure };
constexpr uint32_t kAttrIdmap = 0x100000;
}  // namespace

// mount(source, target, fstype, flags, data): the type and data are not read when the flags
// say they are ignored (a remount ignores the type; bind, move and propagation changes both);
// the old magic in the high half is named apart
void decode_mount(Call &c) {
    if (c.exiting()) return;
    uint64_t flags = c.arg(3);
    constexpr uint64_t kMagic = 0xc0ed0000, kMagicMask = 0xffff0000;
    bool magic = (flags & kMagicMask) == kMagic;
    if (magic) flags &= ~kMagicMask;
    constexpr uint64_t kRemount = 0x20, kMoving = 0x1000 | 0x2000 | 0x100000 | 0x40000 | 0x80000 | 0x20000;
    bool ignore_type = (flags & kRemount) || (flags & kMoving), ignore_data = !(flags & kRemount) && (flags & kMoving);
    c.path(c.arg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    if (ignore_type)
        c.ptr(c.arg(2));
    else
        c.cstring(c.arg(2), true);
    c.sep();
    if (magic) {
        c.enum_val(xlat_mount_magic, kMagic, "%#llx");
        if (flags) c.str("|");
    }
    if (flags || !magic) c.flags_of({&xlat_mount_flags}, flags, "0", "MS_???");
    c.sep();
    if (ignore_data)
        c.ptr(c.arg(4));
    else
        c.cstring(c.arg(4), true);
}

void decode_umount2(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.flags_of({&xlat_umount_flags}, static_cast<unsigned>(c.arg(1)), "0", "MNT_???");
}

void decode_open_tree(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.flags_of({&xlat_open_tree_flags}, static_cast<unsigned>(c.arg(2)), "0", "OPEN_TREE_???");
    c.set_result_fd();
}

void decode_move_mount(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.fd(c.iarg(2));
    c.sep();
    c.path(c.arg(3));
    c.sep();
    c.flags_of({&xlat_move_mount_flags}, static_cast<unsigned>(c.arg(4)), "0", "MOVE_MOUNT_???");
}

void decode_fsopen(Call &c) {
    if (c.exiting()) return;
    c.cstring(c.arg(0), true);
    c.sep();
    c.flags_of({&xlat_fsopen_flags}, static_cast<unsigned>(c.arg(1)), "0", "FSOPEN_???");
    c.set_result_fd();
}

void decode_fsmount(Call &c) {
    if (c.exiting()) return;
    c.plain_fd(c.iarg(0));
    c.sep();
    c.flags_of({&xlat_fsmount_flags}, static_cast<unsigned>(c.arg(1)), "0", "FSMOUNT_???");
    c.sep();
    c.flags_of({&xlat_fsmount_attr_flags}, static_cast<unsigned>(c.arg(2)), "0", "MOUNT_ATTR_???");
    c.set_result_fd();
}

void decode_fspick(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.flags_of({&xlat_fspick_flags}, static_cast<unsigned>(c.arg(2)), "0", "FSPICK_???");
    c.set_result_fd();
}

// fsconfig(fd, cmd, key, value, aux): what key, value and aux are depends on the command
void decode_fsconfig(Call &c) {
    if (c.exiting()) return;
    auto cmd = static_cast<unsigned>(c.arg(1));
    uint64_t key = c.arg(2), value = c.arg(3);
    int aux = c.iarg(4);
    c.plain_fd(c.iarg(0));
    c.sep();
    c.enum_val(xlat_fsconfig_cmds, cmd, "%#llx /* FSCONFIG_??? */");
    c.sep();
    if (cmd <= kSetFd)
        c.bounded_cstring(key, 256);
    else
        c.ptr(key);
    c.sep();
    if (cmd == kSetString)
        c.bounded_cstring(value, 256);
    else if (cmd == kSetPath || cmd == kSetPathEmpty)
        c.path(value);
    else if (cmd == kSetBinary && aux >= 0 && aux <= 1024 * 1024)
        c.hex_buffer(value, static_cast<uint64_t>(aux));
    else
        c.ptr(value);
    c.sep();
    if (cmd == kSetPath || cmd == kSetPathEmpty)
        c.fd(aux);
    else if (cmd == kSetFd)
        c.plain_fd(aux);
    else
        c.dec(aux);
}

void decode_mount_setattr(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    c.flags_of({&xlat_mount_setattr_flags}, static_cast<unsigned>(c.arg(2)), "0", "AT_???");
    c.sep();
    uint64_t addr = c.arg(3), size = c.arg(4);
    struct {
        uint64_t attr_set, attr_clr, propagation, userns_fd;
    } a{};
    if (c.fetch_sized(addr, size, 32, a)) {  // (MOUNT_ATTR_SIZE_VER0)
        c.str("{attr_set=");
        c.flags_of({&xlat_mount_attr_attr}, a.attr_set, "0", "MOUNT_ATTR_???");
        c.str(", attr_clr=");
        c.flags_of({&xlat_mount_attr_attr}, a.attr_clr, "0", "MOUNT_ATTR_???");
        c.str(", propagation=");
        c.enum_val(xlat_mount_attr_propagation, a.propagation, "%#llx /* MS_??? */");
        c.str(", userns_fd=");
        if (a.userns_fd > INT_MAX || !((a.attr_set | a.attr_clr) & kAttrIdmap))
            c.udec(a.userns_fd);
        else
            c.fd(static_cast<int>(a.userns_fd));
        print_struct_tail(c, addr, sizeof a, size);
        c.str("}");
    }
    c.sep();
    c.udec(size);
    c.set_result_fd();
}

}  // namespace wiretrace
