// NUMA memory policy: mbind(2), set_mempolicy(2), get_mempolicy(2), set_mempolicy_home_node(2),
// migrate_pages(2), move_pages(2) - policy modes with their flags, node masks as arrays of
// words, page and status vectors, as strace 6.1 prints them.
#include <cstdio>

#include "decode/decoder.h"

namespace wiretrace {

namespace {
constexpr uint64_t kModeFlags = 0x8000 | 0x4000 | 0x2000;  // MPOL_F_STATIC_NODES, _RELATIVE_NODES, _NUMA_BALANCING

// a node mask of maxnode bits: its words, each as "%#018llx" would zero-pad it
void print_nodemask(Call &c, uint64_t addr, uint64_t maxnode) {
    const uint64_t nmemb = (maxnode + 62) / 64;  // (strace's count: maxnode - 1 bits)
    if (nmemb < maxnode / 64 || (maxnode && !nmemb)) return c.ptr(addr);
    c.array<uint64_t>(addr, nmemb, [&](const uint64_t &w) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%#0*llx", 16, static_cast<unsigned long long>(w));
        c.str(buf);
        return true;
    });
}

// a mode and its flags: "MPOL_BIND|MPOL_F_STATIC_NODES"; an unknown mode with flags: all as flags
void print_mode(Call &c, uint64_t arg) {
    uint64_t mode = arg & ~kModeFlags, flags = arg & kModeFlags;
    if (!flags) return c.enum_val(xlat_mpol_modes, mode, "%#llx /* MPOL_??? */");
    const char *name = xlat_name(xlat_mpol_modes, mode);
    if (!name) return c.flags_of({&xlat_mpol_mode_flags}, arg, "0", "MPOL_???");
    c.composite(arg, [&](Call &n) {
        n.str(name);
        n.str("|");
        n.flags(xlat_mpol_mode_flags, flags, "0");
    });
}
}  // namespace

void decode_mbind(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    print_mode(c, c.arg(2));
    c.sep();
    print_nodemask(c, c.arg(3), c.arg(4));
    c.sep();
    c.udec(c.arg(4));
    c.sep();
    c.flags_of({&xlat_mbind_flags}, static_cast<unsigned>(c.arg(5)), "0", "MPOL_???");
}

void decode_set_mempolicy(Call &c) {
    if (c.exiting()) return;
    print_mode(c, static_cast<unsigned>(c.arg(0)));
    c.sep();
    print_nodemask(c, c.arg(1), c.arg(2));
    c.sep();
    c.udec(c.arg(2));
}

void decode_get_mempolicy(Call &c) {
    if (c.entering()) return;
    int pol = 0;
    if (c.fetch(c.arg(0), pol)) {
        c.str("[");
        c.enum_val(xlat_mpol_modes, static_cast<unsigned>(pol), "%#llx /* MPOL_??? */");
        c.str("]");
    }
    c.sep();
    if (c.failed() && c.arg(1) && (c.arg(2) + 62) / 64)  // (the mask's words are not read then)
        c.ptr(c.arg(1));
    else
        print_nodemask(c, c.arg(1), c.arg(2));
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.ptr(c.arg(3));
    c.sep();
    c.flags_of({&xlat_get_mempolicy_flags}, c.arg(4), "0", "MPOL_???");
}

void decode_set_mempolicy_home_node(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.hex(c.arg(3));
}

void decode_migrate_pages(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0), PidType::Tgid);
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    print_nodemask(c, c.arg(2), c.arg(1));
    c.sep();
    print_nodemask(c, c.arg(3), c.arg(1));
}

void decode_move_pages(Call &c) {
    const uint64_t n = c.arg(1);
    if (c.entering()) {
        c.pid(c.iarg(0), PidType::Tgid);
        c.sep();
        c.udec(n);
        c.sep();
        c.array<uint64_t>(c.arg(2), n, [&](const uint64_t &p) {
            c.ptr(p);
            return true;
        });
        c.sep();
        c.array<int>(c.arg(3), n, [&](const int &v) {
            c.dec(v);
            return true;
        });
        c.sep();
        return;
    }
    if (c.failed() && c.arg(4) && n)  // (an empty vector is "[]" whatever the result)
        c.ptr(c.arg(4));
    else
        c.array<int>(c.arg(4), n, [&](const int &status) {
            print_err(c, status, true);
            return true;
        });
    c.sep();
    c.flags_of({&xlat_move_pages_flags}, static_cast<unsigned>(c.arg(5)), "0", "MPOL_???");
}

}  // namespace wiretrace
