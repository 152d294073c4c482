// Memory calls: mmap, mprotect, mremap, remap_file_pages, msync, mlockall, mlock2 (munmap and brk use the generic
// shapes).
#include <sys/mman.h>

#include "decode/decoder.h"

namespace wiretrace {

namespace {
void print_prot(Call &c, uint64_t prot) {
    c.flags_of({&xlat_mmap_prot}, prot, "PROT_NONE", "PROT_???");
}

// MAP_TYPE's value by name, the flags, a huge page size as "N<<MAP_HUGE_SHIFT" (strace's
// print_mmap_flags, under -X as one composite value)
void print_mmap_flags(Call &c, uint64_t flags) {
    c.composite(flags, [flags](Call &n) {
        n.enum_val(xlat_mmap_type, flags & MAP_TYPE, "%#llx /* MAP_??? */");
        constexpr uint64_t kHugeMask = uint64_t{MAP_HUGE_MASK} << MAP_HUGE_SHIFT;
        uint64_t rest = flags & ~static_cast<uint64_t>(MAP_TYPE) & ~kHugeMask, huge = flags & kHugeMask;
        if (rest) {
            n.str("|");
            n.flags(xlat_mmap_flags, rest, "0");
        }
        if (huge) {
            n.str("|");
            n.udec(huge >> MAP_HUGE_SHIFT);
            n.str("<<MAP_HUGE_SHIFT");
        }
    });
}
}  // namespace

void decode_mmap(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    print_prot(c, c.arg(2));
    c.sep();
    print_mmap_flags(c, c.arg(3));
    c.sep();
    c.fd(c.iarg(4));
    c.sep();
    c.hex(c.arg(5));
}

void decode_remap_file_pages(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    print_prot(c, c.arg(2));
    c.sep();
    c.udec(c.arg(3));
    c.sep();
    print_mmap_flags(c, c.arg(4));
}

// mremap(old, old_size, new_size, flags[, new_address]): the new address only when the flags
// say it is used
void decode_mremap(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.flags_of({&xlat_mremap_flags}, c.arg(3), "0", "MREMAP_???");
    if ((c.arg(3) & 3) == 3) {  // MREMAP_MAYMOVE | MREMAP_FIXED
        c.sep();
        c.ptr(c.arg(4));
    }
}

void decode_mlockall(Call &c) {
    if (c.entering()) c.flags_of({&xlat_mlockall_flags}, static_cast<unsigned>(c.arg(0)), "0", "MCL_???");
}

void decode_mlock2(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    c.flags_of({&xlat_mlock_flags}, static_cast<unsigned>(c.arg(2)), "0", "MLOCK_???");
}

void decode_msync(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    c.flags_of({&xlat_msync_flags}, static_cast<unsigned>(c.arg(2)), "0", "MS_???");
}

void decode_mprotect(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    print_prot(c, c.arg(2));
}

}  // namespace wiretrace
