#include "decode/ioctl/ioctl.h"

#include <linux/ioctl.h>

#include <algorithm>
#include <cstdio>

#include "decoders.h"

namespace wiretrace {

namespace {
// Every name the kernel headers give the number ("A or B", as strace), else strace's spelling
// of a request it cannot name.
// Requests whose size (or a number in them) is a parameter: strace names them as calls,
// "HIDIOCGRAWNAME(64)", "MIXER_READ(3)".
bool request_name_with_parameter(Call &c, unsigned req) {
    const unsigned type = _IOC_TYPE(req), dir = _IOC_DIR(req), nr = _IOC_NR(req);
    auto call = [&](const char *name, unsigned v) {
        c.str(name);
        c.str("(");
        c.udec(v);
        c.str(")");
        return true;
    };
    switch (type) {
        case '!':
            if (req == _IOC(_IOC_READ, '!', 2, sizeof(uint64_t))) {
                c.str("SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR");
                return true;
            }
            return false;
        case 'E':
            return evdev_request_name(c, req);
        case 'H':
            if (dir == _IOC_READ) {
                switch (nr) {
                    case 0x04:
                        return call("HIDIOCGRAWNAME", _IOC_SIZE(req));
                    case 0x05:
                        return call("HIDIOCGRAWPHYS", _IOC_SIZE(req));
                    case 0x06:
                        return call("HIDIOCSFEATURE", _IOC_SIZE(req));
                    case 0x08:
                        return call("HIDIOCGRAWUNIQ", _IOC_SIZE(req));
                    case 0x12:
                        return call("HIDIOCGPHYS", _IOC_SIZE(req));
                }
            } else if (dir == (_IOC_READ | _IOC_WRITE)) {
                switch (nr) {
                    case 0x06:
                        return call("HIDIOCSFEATURE", _IOC_SIZE(req));
                    case 0x07:
                        return call("HIDIOCGFEATURE", _IOC_SIZE(req));
                }
            }
            return false;
        case 'M':
            if (dir == _IOC_WRITE) return call("MIXER_WRITE", nr);
            if (dir == _IOC_READ) return call("MIXER_READ", nr);
            return false;
        case 'U':
            return dir == _IOC_READ && nr == 0x2c && call("UI_GET_SYSNAME", _IOC_SIZE(req));
        case 'j':
            return dir == _IOC_READ && nr == 0x13 && call("JSIOCGNAME", _IOC_SIZE(req));
        case 'k':
            return dir == _IOC_WRITE && nr == 0 && call("SPI_IOC_MESSAGE", _IOC_SIZE(req));
        default:
            return false;
    }
}

void print_request(Call &c, unsigned req) {
    const bool named = request_name_with_parameter(c, req);
    const Xlat &x = xlat_ioctl_names;
    const XlatEntry *e = std::lower_bound(x.entries, x.entries + x.size, uint64_t{req},
                                          [](const XlatEntry &a, uint64_t v) { return a.value < v; });
    if (e != x.entries + x.size && e->value == req) {
        for (const XlatEntry *k = e; k != x.entries + x.size && k->value == req; k++) {
            if (k != e || named) c.str(" or ");
            c.str(k->name);
        }
        return;
    }
    if (named) return;
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
        case 0xae:
            return kvm_ioctl(c, req, arg);
        case '$':
            return perf_ioctl(c, req, arg);
        case 'V':
            return v4l2_ioctl(c, req, arg);
        case 0x22:
            return scsi_ioctl(c, req, arg);
        case 0xfd:
            return dm_ioctl_decode(c, req, arg);
        case 0xa4:
            return tee_ioctl(c, req, arg);
        case 'L':
            return loop_ioctl(c, req, arg);
        case 0x12:
            return block_ioctl(c, req, arg);
        case 'E':
            return evdev_ioctl(c, req, arg);
        case 0x03:
            return hdio_ioctl(c, req, arg);
        case '!':
            return seccomp_ioctl(c, req, arg);
        case '>':
            return counter_ioctl(c, req, arg);
        case '=':
            return ptp_ioctl(c, req, arg);
        case 0xb4:
            return gpio_ioctl(c, req, arg);
        case 'K':
            return kd_ioctl(c, req, arg);
        case 'i':
            return lirc_ioctl(c, req, arg);
        case 0xab:
            return nbd_ioctl(c, req, arg);
        case 0xaa:
            return uffd_ioctl(c, req, arg);
        case 'o':
        case 'O':
            return ubi_ioctl(c, req, arg);
        case 'M':
            return mtd_ioctl(c, req, arg);
        case 'f':
        case 'X':
            return fs_ioctl(c, req, arg);
        default:
            return IoctlArg::Generic;
    }
}
}  // namespace

void print_quoted_char(Call &c, unsigned char ch, bool escape_ws) {
    char buf[8];
    if (ch >= ' ' && ch < 0x7f) {
        if (ch == '\'' || ch == '\\')
            std::snprintf(buf, sizeof buf, "'\\%c'", ch);
        else
            std::snprintf(buf, sizeof buf, "'%c'", ch);
    } else if (escape_ws && ch >= '\t' && ch <= '\r') {
        std::snprintf(buf, sizeof buf, "'\\%c'", "tnvfr"[ch - '\t']);
    } else {
        std::snprintf(buf, sizeof buf, "'\\x%02x'", ch);
    }
    c.str(buf);
}

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
        c.aux() = 0;
        IoctlArg r = dispatch(c, req, c.arg(2));
        if (r == IoctlArg::Generic) {  // (strace: the argument as a number)
            c.sep();
            c.hex(c.arg(2));
        }
        if (r == IoctlArg::AtExit) c.aux() |= kIoctlAtExit;  // (the exit has more to print)
        return;
    }
    if ((c.aux() & kIoctlAtExit) && dispatch(c, req, c.arg(2)) == IoctlArg::Generic) {
        c.sep();
        c.hex(c.arg(2));
    }
}

}  // namespace wiretrace
