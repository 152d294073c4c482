// A file's times: utime(2), utimes(2), futimesat(2), utimensat(2) - the times with their date
// in a comment, UTIME_NOW and UTIME_OMIT by name, as strace 6.1 prints them.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <utime.h>

#include "decode/decoder.h"

namespace wiretrace {

namespace {
// [{tv_sec=..., tv_usec=...} /* date */, {...}]
void print_timeval_pair(Call &c, uint64_t addr) {
    timeval t[2];
    if (!c.fetch(addr, t)) return;
    c.str("[");
    for (int i = 0; i < 2; i++) {
        if (i) c.sep();
        c.str("{tv_sec=");
        c.dec(t[i].tv_sec);
        c.str(", tv_usec=");
        c.udec(static_cast<uint64_t>(t[i].tv_usec));
        c.str("}");
        print_time_note(c, t[i].tv_sec, static_cast<uint64_t>(t[i].tv_usec), 6);
    }
    c.str("]");
}

// [{tv_sec=..., tv_nsec=...} /* date */, UTIME_NOW]
void print_timespec_pair(Call &c, uint64_t addr) {
    timespec t[2];
    if (!c.fetch(addr, t)) return;
    c.str("[");
    for (int i = 0; i < 2; i++) {
        if (i) c.sep();
        long ns = t[i].tv_nsec;
        bool special = ns == UTIME_NOW || ns == UTIME_OMIT;
        int style = c.options().xlat_style;
        if (!special || style != kXlatAbbrev) {
            c.str("{tv_sec=");
            c.dec(t[i].tv_sec);
            c.str(", tv_nsec=");
            c.udec(static_cast<uint64_t>(ns));
            c.str("}");
        }
        if (!special) {
            print_time_note(c, t[i].tv_sec, static_cast<uint64_t>(ns));
        } else if (style != kXlatRaw) {
            const char *name = ns == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT";
            if (style == kXlatVerbose) {
                c.str(" /* ");
                c.str(name);
                c.str(" */");
            } else {
                c.str(name);
            }
        }
    }
    c.str("]");
}
}  // namespace

void decode_utime(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    utimbuf u{};
    if (!c.fetch(c.arg(1), u)) return;
    c.str("{actime=");
    c.dec(u.actime);
    print_time_note(c, u.actime, 0, 0);
    c.str(", modtime=");
    c.dec(u.modtime);
    print_time_note(c, u.modtime, 0, 0);
    c.str("}");
}

void decode_utimes(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    print_timeval_pair(c, c.arg(1));
}

void decode_futimesat(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    print_timeval_pair(c, c.arg(2));
}

void decode_utimensat(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.path(c.arg(1));
    c.sep();
    print_timespec_pair(c, c.arg(2));
    c.sep();
    c.flags_of({&xlat_at_flags}, static_cast<unsigned>(c.arg(3)), "0", "AT_???");
}

}  // namespace wiretrace
