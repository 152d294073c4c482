#include "decode/ioctl/ioctl.h"

#include <algorithm>
#include <cstdio>

#include "decoders.h"

namespace wiretrace {

namespace {
// Every name the kernel headers give the number ("A or B", as strace), else strace's spelling
// of a request it cannot name.
void print_request(Call &c, unsigned req) {
    const Xlat &x = xlat_ioctl_names;
    const XlatEntry *e = std::lower_bound(x.entries, x.entries + x.size, uint64_t{req},
                                          [](const XlatEntry &a, uint64_t v) { return a.value < v; });
    if (e != x.entries + x.size && e->value == req) {
        for (const XlatEntry *k = e; k != x.entries + x.size && k->value == req; k++) {
            if (k != e) c.str(" or ");
            c.str(k->name);
        }
        return;
    }
    static const char *dirs[] = {"_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"};
    char buf[96];
    std::snprintf(buf, sizeof buf, "_IOC(%s, %#x, %#x, %#x)", dirs[(req >> 30) & 3], (req >> 8) & 0xff, req & 0xff,
                  (req >> 16) & 0x3fff);
    c.str(buf);
}

IoctlArg dispatch(Call &c, unsigned req, uint64_t arg) {
    switch ((req >> 8) & 0xff) {
        case 'T':
            return term_ioctl(c, req, arg);
        case 0xb7:
            return nsfs_ioctl(c, req, arg);
        case 'I':
            return inotify_ioctl(c, req, arg);
        case 'R':
            return random_ioctl(c, req, arg);
        case 'W':
            return watchdog_ioctl(c, req, arg);
        case 0x89:
            return sock_ioctl(c, req, arg);
        case 'p':
            return rtc_ioctl(c, req, arg);
        case 'L':
            return loop_ioctl(c, req, arg);
        case 0x12:
            return block_ioctl(c, req, arg);
        default:
            return IoctlArg::Generic;
    }
}
}  // namespace

void decode_ioctl(Call &c) {
    unsigned req = static_cast<unsigned>(c.arg(1));
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        // -X raw: the number; -X verbose: the number and the names in a comment
        int style = c.options().xlat_style;
        if (style != kXlatAbbrev) c.hex(req);
        if (style == kXlatVerbose) c.str(" /* ");
        if (style != kXlatRaw) print_request(c, req);
        if (style == kXlatVerbose) c.str(" */");
        IoctlArg r = dispatch(c, req, c.arg(2));
        if (r == IoctlArg::Generic) {  // (strace: the argument as a number)
            c.sep();
            c.hex(c.arg(2));
        }
        c.aux() = r == IoctlArg::AtExit;  // (the exit has more to print)
        return;
    }
    if (c.aux() && dispatch(c, req, c.arg(2)) == IoctlArg::Generic) {
        c.sep();
        c.hex(c.arg(2));
    }
}

}  // namespace wiretrace
