// Seccomp user notifications ('!', linux/seccomp.h): the notification received (shown at exit,
// and at entry too when the caller did not zero it), the response sent, id checks and
// descriptors added to the target, as strace's seccomp_ioctl.c.
#include <linux/audit.h>
#include <linux/ioctl.h>
#include <linux/seccomp.h>

#include <algorithm>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"
#include "syscalls/syscall_table.h"

namespace wiretrace {

namespace {
// The syscall number of a seccomp_data, as strace: x86_64's own calls as "__NR_gettid" (under
// -X verbose "186 /* __NR_gettid */"), the other personalities' (i386, x32) as
// "224 /* gettid */", others as the number.
void syscall_nr(Call &c, uint32_t nr, uint32_t arch) {
    const char *name = nullptr;
    bool native = false;
    if (arch == AUDIT_ARCH_X86_64 && nr < 0x40000000) {
        const SyscallInfo *info = syscall_by_nr(nr);
        name = info ? info->name : nullptr;
        native = true;
    } else if (arch == AUDIT_ARCH_X86_64) {
        name = xlat_name(xlat_syscalls_x32, nr);
    } else if (arch == AUDIT_ARCH_I386) {
        name = xlat_name(xlat_syscalls_i386, nr);
    }
    const int style = c.options().xlat_style;
    if (!native || !name || style != kXlatAbbrev) c.udec(nr);
    if (!name || style == kXlatRaw) return;
    const bool comment = !native || style == kXlatVerbose;
    c.str(comment ? " /* " : "");
    if (native) c.str("__NR_");
    c.str(name);
    if (comment) c.str(" */");
}

void print_data(Call &c, const seccomp_data &d) {
    c.str("{nr=");
    syscall_nr(c, static_cast<uint32_t>(d.nr), d.arch);
    c.str(", arch=");
    c.enum_val(xlat_audit_arch, d.arch, "%#llx /* AUDIT_ARCH_??? */");
    c.str(", instruction_pointer=");
    c.ptr(d.instruction_pointer);
    c.str(", args=");
    print_hex_array(c, d.args, 6);
    c.str("}");
}

IoctlArg notif(Call &c, uint64_t addr) {
    seccomp_notif n;
    if (!c.fetch(addr, n)) return IoctlArg::Done;
    const auto *bytes = reinterpret_cast<const unsigned char *>(&n);
    if (c.entering() && std::all_of(bytes, bytes + sizeof n, [](unsigned char b) { return b == 0; }))
        return IoctlArg::AtExit;  // (zeroed as the kernel asks: only the answer is worth showing)
    c.str("{id=");
    c.hex(n.id);
    c.str(", pid=");
    c.pid(static_cast<int>(n.pid));
    c.str(", flags=");
    c.hex(n.flags);
    c.str(", data=");
    print_data(c, n.data);
    c.str("}");
    if (c.entering()) {
        c.str(" => ");
        return IoctlArg::AtExit;
    }
    return IoctlArg::Done;
}

void resp(Call &c, uint64_t addr) {
    seccomp_notif_resp r;
    if (!c.fetch(addr, r)) return;
    c.str("{id=");
    c.hex(r.id);
    c.str(", val=");
    c.dec(r.val);
    c.str(", error=");
    print_err(c, r.error, true);
    c.str(", flags=");
    c.flags_of({&xlat_seccomp_ioctl_resp_flags}, r.flags, "0", "SECCOMP_USER_NOTIF_FLAG_???");
    c.str("}");
}

void addfd(Call &c, uint64_t addr) {
    seccomp_notif_addfd a;
    if (!c.fetch(addr, a)) return;
    c.str("{id=");
    c.hex(a.id);
    c.str(", flags=");
    c.flags_of({&xlat_seccomp_ioctl_addfd_flags}, a.flags, "0", "SECCOMP_ADDFD_FLAG_???");
    c.str(", srcfd=");
    c.fd(static_cast<int>(a.srcfd));
    c.str(", newfd=");
    c.dec(static_cast<int>(a.newfd));
    c.str(", newfd_flags=");
    c.flags_of({&xlat_open_flags}, a.newfd_flags, "0", "O_???");
    c.str("}");
}
}  // namespace

IoctlArg seccomp_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case SECCOMP_IOCTL_NOTIF_RECV:
            if (c.entering()) c.sep();
            return notif(c, arg);
        case SECCOMP_IOCTL_NOTIF_SEND:
            c.sep();
            resp(c, arg);
            return IoctlArg::Done;
        case SECCOMP_IOR(2, __u64):  // SECCOMP_IOCTL_NOTIF_ID_VALID with its old, wrong direction
        case SECCOMP_IOCTL_NOTIF_ID_VALID: {
            c.sep();
            uint64_t id;
            if (c.fetch(arg, id)) {
                c.str("[");
                c.hex(id);
                c.str("]");
            }
            return IoctlArg::Done;
        }
        case SECCOMP_IOCTL_NOTIF_ADDFD:
            c.sep();
            addfd(c, arg);
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
