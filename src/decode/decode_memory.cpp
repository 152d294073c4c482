// Memory calls: mmap, mprotect (munmap and brk use the generic shapes).
#include <sys/mman.h>

#include "decode/decoder.h"

namespace wiretrace {

void decode_mmap(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    c.flags(xlat_mmap_prot, static_cast<unsigned>(c.arg(2)), "PROT_NONE");
    c.sep();
    uint64_t flags = static_cast<unsigned>(c.arg(3));
    c.composite(flags, [flags](Call &n) {
        n.enum_val(xlat_mmap_type, flags & MAP_TYPE, "%#llx /* MAP_??? */");
        if (flags & ~static_cast<uint64_t>(MAP_TYPE)) {
            n.str("|");
            n.flags(xlat_mmap_flags, flags & ~static_cast<uint64_t>(MAP_TYPE), "0");
        }
    });
    c.sep();
    c.fd(c.iarg(4));
    c.sep();
    c.hex(c.arg(5));
}

void decode_mprotect(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    c.flags(xlat_mmap_prot, static_cast<unsigned>(c.arg(2)), "PROT_NONE");
}

}  // namespace wiretrace
