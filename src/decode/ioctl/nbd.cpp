// Network block devices (0xab, linux/nbd.h): the socket handed over, sizes and timeouts by
// value, flags, and the requests without an argument, as strace's nbd_ioctl.c.
#include <linux/ioctl.h>
#include <linux/nbd.h>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

IoctlArg nbd_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case NBD_DISCONNECT:
        case NBD_CLEAR_SOCK:
        case NBD_DO_IT:
        case NBD_CLEAR_QUE:
        case NBD_PRINT_DEBUG:
            return IoctlArg::Done;
        case NBD_SET_SOCK:
            c.sep();
            c.fd(static_cast<int>(arg));
            return IoctlArg::Done;
        case NBD_SET_BLKSIZE:
        case NBD_SET_SIZE:
        case NBD_SET_SIZE_BLOCKS:
        case NBD_SET_TIMEOUT:
            c.sep();
            c.udec(arg);
            return IoctlArg::Done;
        case NBD_SET_FLAGS:
            c.sep();
            c.flags_of({&xlat_nbd_ioctl_flags}, arg, "0", "NBD_IOC_FLAG_???");
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
