// inotify descriptors: INOTIFY_IOC_SETNEXTWD takes the next watch descriptor as the argument.
#include "decode/ioctl/ioctl.h"

#ifndef INOTIFY_IOC_SETNEXTWD
#define INOTIFY_IOC_SETNEXTWD 0x40044900u  // _IOW('I', 0, __s32)
#endif

namespace wiretrace {

IoctlArg inotify_ioctl(Call &c, unsigned code, uint64_t arg) {
    if (code != INOTIFY_IOC_SETNEXTWD) return IoctlArg::Generic;
    c.sep();
    c.dec(static_cast<int>(arg));
    return IoctlArg::Done;
}

}  // namespace wiretrace
