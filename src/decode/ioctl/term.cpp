// 'T' requests: the terminal family and the FIO* requests that share its numbers.
#include <sys/ioctl.h>

#include "decode/ioctl/ioctl.h"

namespace wiretrace {

IoctlArg term_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case FIONBIO:  // an input
            c.sep();
            print_int_at(c, arg);
            return IoctlArg::Done;
        case FIONREAD:  // outputs
        case TIOCOUTQ:
            if (c.entering()) return IoctlArg::AtExit;
            c.sep();
            print_int_at(c, arg);
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
