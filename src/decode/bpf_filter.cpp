// Classic BPF programs (SO_ATTACH_FILTER, SO_ATTACH_REUSEPORT_CBPF; seccomp filters share the
// instruction printer): {len=N, filter=[BPF_STMT(BPF_LD|BPF_B|BPF_ABS, SKF_NET_OFF+8),
// BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0x11, 0, 0x5), ...]}; the instructions only with -v, as strace.
#include <linux/filter.h>

#include "decode/decoder.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void unknown_bits(Call &c, unsigned v) {
    c.str("|");
    c.hex(v);
    c.str(" /* BPF_??? */");
}

// An instruction's code as its named parts: "BPF_LD|BPF_B|BPF_ABS".
void print_code(Call &c, uint16_t code) {
    unsigned cls = code & 7, rest = code & ~7u;
    c.enum_val(xlat_bpf_class, cls, "%#llx /* BPF_??? */");
    switch (cls) {
        case BPF_ST:
        case BPF_STX:
            if (rest) unknown_bits(c, rest);
            break;
        case BPF_LD:
        case BPF_LDX:
            c.str("|");
            c.enum_val(xlat_bpf_size, code & 0x18, "%#llx /* BPF_??? */");
            c.str("|");
            c.enum_val(xlat_bpf_mode, code & 0xe0, "%#llx /* BPF_??? */");
            break;
        case BPF_MISC:
            c.str("|");
            c.enum_val(xlat_bpf_miscop, code & 0xf8, "%#llx /* BPF_??? */");
            if (rest & ~0xf8u) unknown_bits(c, rest & ~0xf8u);
            break;
        case BPF_ALU:
        case BPF_JMP:
            c.str("|");
            c.enum_val(xlat_bpf_src, code & 0x08, "%#llx /* BPF_??? */");
            c.str("|");
            c.enum_val(cls == BPF_ALU ? xlat_bpf_op_alu : xlat_bpf_op_jmp, code & 0xf0, "%#llx /* BPF_??? */");
            break;
        case BPF_RET:
            c.str("|");
            c.enum_val(xlat_bpf_rval, code & 0x18, "%#llx /* BPF_??? */");
            if (rest & ~0x18u) unknown_bits(c, rest & ~0x18u);
            break;
        default:
            break;
    }
}

// A named 32-bit constant: the name, or under -X its value (and the name in a comment).
void named32(Call &c, uint32_t v, const char *name) {
    int style = c.options().xlat_style;
    if (style == kXlatAbbrev) return c.str(name);
    c.hex(v);
    if (style == kXlatVerbose) {
        c.str(" /* ");
        c.str(name);
        c.str(" */");
    }
}

// A socket filter's k of an absolute load: SKF_AD_OFF+SKF_AD_PROTOCOL, SKF_NET_OFF+8...
bool socket_k(Call &c, const sock_filter &f) {
    if ((f.code & 7) != BPF_LD || (f.code & 0xe0) != BPF_ABS) return false;
    if (f.k >= static_cast<uint32_t>(SKF_AD_OFF)) {
        named32(c, static_cast<uint32_t>(SKF_AD_OFF), "SKF_AD_OFF");
        c.str("+");
        c.enum_val(xlat_skf_ad, f.k - static_cast<uint32_t>(SKF_AD_OFF), "%#llx /* SKF_AD_??? */");
    } else if (f.k >= static_cast<uint32_t>(SKF_NET_OFF)) {
        named32(c, static_cast<uint32_t>(SKF_NET_OFF), "SKF_NET_OFF");
        c.str("+");
        c.udec(f.k - static_cast<uint32_t>(SKF_NET_OFF));
    } else if (f.k >= static_cast<uint32_t>(SKF_LL_OFF)) {
        named32(c, static_cast<uint32_t>(SKF_LL_OFF), "SKF_LL_OFF");
        c.str("+");
        c.udec(f.k - static_cast<uint32_t>(SKF_LL_OFF));
    } else {
        return false;
    }
    return true;
}
// A seccomp filter's return: the action by name, then its data (an errno, a trace value).
bool seccomp_k(Call &c, const sock_filter &f) {
    if ((f.code & 7) != BPF_RET) return false;
    const uint32_t action = f.k & 0xffff0000u;  // SECCOMP_RET_ACTION_FULL
    c.enum_val(xlat_seccomp_ret_action, action, "%#llx /* SECCOMP_RET_??? */");
    if (const uint32_t data = f.k & ~action) {
        c.str("|");
        c.hex(data);
    }
    return true;
}
}  // namespace

void print_bpf_program(Call &c, uint64_t addr, unsigned short len, bool socket_filter) {
    if (c.options().abbrev) return c.ptr(addr);
    unsigned count = 0;
    c.array<sock_filter>(addr, len, [&](const sock_filter &f) {
        if (count++ >= BPF_MAXINSNS) {
            c.str("...");
            return false;
        }
        if (f.jt || f.jf) {
            c.str("BPF_JUMP(");
            print_code(c, f.code);
            c.str(", ");
            c.hex(f.k);
            c.str(", ");
            c.hex(f.jt);
            c.str(", ");
            c.hex(f.jf);
        } else {
            c.str("BPF_STMT(");
            print_code(c, f.code);
            c.str(", ");
            if (socket_filter ? !socket_k(c, f) : !seccomp_k(c, f)) c.hex(f.k);
        }
        c.str(")");
        return true;
    });
}

void print_sock_fprog(Call &c, uint64_t addr) {
    sock_fprog p;
    if (!c.mem().read_obj(RemoteAddr(addr), p)) return c.ptr(addr);
    c.str("{len=");
    c.udec(p.len);
    c.str(", filter=");
    print_bpf_program(c, reinterpret_cast<uint64_t>(p.filter), p.len, true);
    c.str("}");
}

}  // namespace wiretrace
