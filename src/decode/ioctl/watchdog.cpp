// Watchdog requests (linux/watchdog.h): timeouts and status words as [N]; KEEPALIVE takes none.
#include <linux/watchdog.h>

#include "decode/ioctl/ioctl.h"

namespace wiretrace {

IoctlArg watchdog_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case WDIOC_GETSTATUS:
        case WDIOC_GETBOOTSTATUS:
        case WDIOC_GETTEMP:
        case WDIOC_GETTIMEOUT:
        case WDIOC_GETPRETIMEOUT:
        case WDIOC_GETTIMELEFT:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case WDIOC_SETTIMEOUT:
        case WDIOC_SETPRETIMEOUT:
            c.sep();
            print_int_at(c, arg);
            return IoctlArg::Done;
        case WDIOC_KEEPALIVE:
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
