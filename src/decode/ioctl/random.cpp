// /dev/random requests (linux/random.h): entropy counts as [N], RNDADDENTROPY's rand_pool_info.
#include <linux/random.h>

#include <cstddef>

#include "decode/ioctl/ioctl.h"

namespace wiretrace {

IoctlArg random_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case RNDGETENTCNT:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case RNDADDTOENTCNT:
            c.sep();
            print_int_at(c, arg);
            return IoctlArg::Done;
        case RNDADDENTROPY: {
            c.sep();
            struct {
                int entropy_count, buf_size;
            } info;
            if (!arg || !c.mem().read_obj(RemoteAddr(arg), info)) {
                c.ptr(arg);
                return IoctlArg::Done;
            }
            c.str("{entropy_count=");
            c.dec(info.entropy_count);
            c.str(", buf_size=");
            c.dec(info.buf_size);
            c.str(", buf=");
            c.buffer(arg + 2 * sizeof(int), static_cast<uint64_t>(static_cast<unsigned>(info.buf_size)));
            c.str("}");
            return IoctlArg::Done;
        }
        case RNDZAPENTCNT:
        case RNDCLEARPOOL:
        case RNDRESEEDCRNG:
            return IoctlArg::Done;  // (no argument)
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
