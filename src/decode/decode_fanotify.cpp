// fanotify: fanotify_init(2) (class and flags, the event files' open flags) and
// fanotify_mark(2) (mark flags, the event mask, FAN_NOFD or a directory, a path).
#include "decode/decoder.h"

namespace wiretrace {

void decode_fanotify_init(Call &c) {
    if (c.exiting()) return;
    auto flags = static_cast<unsigned>(c.arg(0));
    constexpr unsigned kClassBits = 0xc;
    c.enum_val(xlat_fan_classes, flags & kClassBits, "%#llx /* FAN_CLASS_??? */");
    if (flags & ~kClassBits) {
        c.str("|");
        c.flags_of({&xlat_fan_init_flags}, flags & ~kClassBits, "0", "FAN_???");
    }
    c.sep();
    print_open_flags(c, static_cast<unsigned>(c.arg(1)));
    c.set_result_fd();
}

void decode_fanotify_mark(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.flags_of({&xlat_fan_mark_flags}, static_cast<unsigned>(c.arg(1)), "0", "FAN_MARK_???");
    c.sep();
    c.flags_of({&xlat_fan_event_flags}, c.arg(2), "0", "FAN_???");
    c.sep();
    if (c.iarg(3) == -1)
        c.enum_dec(xlat_fan_nofd, -1, "");
    else
        c.fd(c.iarg(3));
    c.sep();
    c.path(c.arg(4));
}

}  // namespace wiretrace
