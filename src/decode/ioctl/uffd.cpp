// userfaultfd requests (0xaa, linux/userfaultfd.h): the API handshake (features asked for and
// granted, ioctls offered), copies, registrations, ranges and zero pages, each with what the
// kernel wrote back at exit, as strace's userfaultfd.c.
#include <linux/ioctl.h>
#include <linux/userfaultfd.h>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void range(Call &c, const uffdio_range &r) {
    c.str("{start=");
    c.hex(r.start);
    c.str(", len=");
    c.hex(r.len);
    c.str("}");
}

// The entry part of a request that the kernel completes: printed and kept; at exit `more`
// prints what it wrote, unless the call failed.
template <typename S, typename In, typename Out>
IoctlArg in_then_out(Call &c, uint64_t arg, In in, Out more) {
    S s;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, s)) return IoctlArg::Done;
        c.str("{");
        in(s);
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), s)) more(s);
    c.str("}");
    return IoctlArg::Done;
}
}  // namespace

IoctlArg uffd_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case UFFDIO_API:
            return in_then_out<uffdio_api>(
                c, arg,
                [&](const uffdio_api &a) {
                    c.str("api=");
                    c.hex(a.api);
                    c.str(", features=");
                    c.flags_of({&xlat_uffd_api_features}, a.features, "0", "UFFD_FEATURE_???");
                    c.aux() = (c.aux() & kIoctlAtExit) | (a.features & ~kIoctlAtExit);
                },
                [&](const uffdio_api &a) {
                    if ((c.aux() & ~kIoctlAtExit) != (a.features & ~kIoctlAtExit)) {
                        c.str(" => features=");
                        c.flags_of({&xlat_uffd_api_features}, a.features, "0", "UFFD_FEATURE_???");
                    }
                    c.str(", ioctls=");
                    c.flags_of({&xlat_uffd_api_flags}, a.ioctls, "0", "_UFFDIO_???");
                });
        case UFFDIO_COPY:
            return in_then_out<uffdio_copy>(
                c, arg,
                [&](const uffdio_copy &u) {
                    c.str("dst=");
                    c.hex(u.dst);
                    c.str(", src=");
                    c.hex(u.src);
                    c.str(", len=");
                    c.hex(u.len);
                    c.str(", mode=");
                    c.flags_of({&xlat_uffd_copy_flags}, u.mode, "0", "UFFDIO_COPY_???");
                },
                [&](const uffdio_copy &u) {
                    c.str(", copy=");
                    c.hex(static_cast<uint64_t>(u.copy));
                });
        case UFFDIO_REGISTER:
            return in_then_out<uffdio_register>(
                c, arg,
                [&](const uffdio_register &r) {
                    c.str("range=");
                    range(c, r.range);
                    c.str(", mode=");
                    c.flags_of({&xlat_uffd_register_mode_flags}, r.mode, "0", "UFFDIO_REGISTER_MODE_???");
                },
                [&](const uffdio_register &r) {
                    c.str(", ioctls=");
                    c.flags_of({&xlat_uffd_register_ioctl_flags}, r.ioctls, "0", "UFFDIO_???");
                });
        case UFFDIO_UNREGISTER:
        case UFFDIO_WAKE: {
            c.sep();
            uffdio_range r;
            if (c.fetch(arg, r)) range(c, r);
            return IoctlArg::Done;
        }
        case UFFDIO_ZEROPAGE:
            return in_then_out<uffdio_zeropage>(
                c, arg,
                [&](const uffdio_zeropage &z) {
                    c.str("range=");
                    range(c, z.range);
                    c.str(", mode=");
                    c.flags_of({&xlat_uffd_zeropage_flags}, z.mode, "0", "UFFDIO_ZEROPAGE_???");
                },
                [&](const uffdio_zeropage &z) {
                    c.str(", zeropage=");
                    c.hex(static_cast<uint64_t>(z.zeropage));
                });
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
