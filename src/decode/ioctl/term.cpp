// 'T' requests: the terminal family and the FIO* requests that share its numbers.
#include <sys/ioctl.h>

#include "decode/ioctl/ioctl.h"

namespace wiretrace {

namespace {
void int_in_brackets(Call &c, uint64_t addr) {
    int v;
    c.sep();
    if (!c.mem().read_obj(RemoteAddr(addr), v)) return c.ptr(addr);
    c.str("[");
    c.dec(v);
    c.str("]");
}
}  // namespace

IoctlArg term_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case FIONBIO:  // an input
            int_in_brackets(c, arg);
            return IoctlArg::Done;
        case FIONREAD:  // outputs
        case TIOCOUTQ:
            if (c.entering()) return IoctlArg::AtExit;
            if (c.failed()) return IoctlArg::Generic;
            int_in_brackets(c, arg);
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
