// seccomp(2): the operation, its flags, and its argument - a filter program (with its return
// actions named), an action to probe, or the notification sizes the kernel reports.
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "decode/decoder.h"
#include "decoders.h"

namespace wiretrace {

void print_seccomp_fprog(Call &c, uint64_t addr) {
    sock_fprog p;
    if (!c.fetch(addr, p)) return;
    c.str("{len=");
    c.udec(p.len);
    c.str(", filter=");
    print_bpf_program(c, reinterpret_cast<uint64_t>(p.filter), p.len, false);
    c.str("}");
}

void decode_seccomp(Call &c) {
    const unsigned op = static_cast<unsigned>(c.arg(0)), flags = static_cast<unsigned>(c.arg(1));
    if (c.entering()) {
        c.enum_val(xlat_seccomp_ops, op, "%#llx /* SECCOMP_SET_MODE_??? */");
        c.sep();
    }
    switch (op) {
        case SECCOMP_GET_ACTION_AVAIL: {
            if (c.exiting()) return;
            c.hex(flags);
            c.sep();
            uint32_t act;
            if (!c.fetch(c.arg(2), act)) return;
            c.str("[");
            c.enum_val(xlat_seccomp_ret_action, act, "%#llx /* SECCOMP_RET_??? */");
            c.str("]");
            return;
        }
        case SECCOMP_GET_NOTIF_SIZES: {
            if (c.entering()) {
                c.hex(flags);
                c.sep();
                return;
            }
            seccomp_notif_sizes s;
            if (!c.fetch(c.arg(2), s)) return;
            c.str("{seccomp_notif=");
            c.udec(s.seccomp_notif);
            c.str(", seccomp_notif_resp=");
            c.udec(s.seccomp_notif_resp);
            c.str(", seccomp_data=");
            c.udec(s.seccomp_data);
            c.str("}");
            return;
        }
        case SECCOMP_SET_MODE_FILTER:
            if (c.exiting()) return;
            c.flags_of({&xlat_seccomp_filter_flags}, flags, "0", "SECCOMP_FILTER_FLAG_???");
            c.sep();
            print_seccomp_fprog(c, c.arg(2));
            return;
        default:
            if (c.exiting()) return;
            c.hex(flags);
            c.sep();
            c.ptr(c.arg(2));
            return;
    }
}

}  // namespace wiretrace
