// Priorities: ioprio_get(2) and ioprio_set(2), as strace prints them - the I/O priority as
// IOPRIO_PRIO_VALUE(class, data), the "who" as a process or process group by "which".
#include "decode/decoder.h"

namespace wiretrace {

namespace {
constexpr unsigned kClassShift = 13;

// IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4); the class's name follows -X as strace's sprintxval does
std::string ioprio_text(Call &c, unsigned ioprio) {
    std::string out;
    c.print_into(out, [&] {
        c.str("IOPRIO_PRIO_VALUE(");
        c.enum_val(xlat_ioprio_class, ioprio >> kClassShift, "%#llx /* IOPRIO_CLASS_??? */");
        c.str(", ");
        c.dec(ioprio & ((1u << kClassShift) - 1));
        c.str(")");
    });
    return out;
}

void which_and_who(Call &c) {
    int which = c.iarg(0);
    c.enum_val(xlat_ioprio_who, static_cast<unsigned>(which), "%#llx /* IOPRIO_WHO_??? */");
    c.sep();
    if (which == 1)
        c.pid(c.iarg(1), PidType::Tgid);
    else if (which == 2)
        c.pid(c.iarg(1), PidType::Pgid);
    else
        c.dec(c.iarg(1));
}
}  // namespace

void decode_ioprio_get(Call &c) {
    if (c.entering()) return which_and_who(c);
    if (c.failed() || c.options().xlat_style == kXlatRaw) return;
    c.result_text() = std::to_string(c.ret()) + " (" + ioprio_text(c, static_cast<unsigned>(c.ret())) + ")";
}

void decode_ioprio_set(Call &c) {
    if (c.exiting()) return;
    which_and_who(c);
    c.sep();
    auto ioprio = static_cast<unsigned>(c.arg(2));
    int style = c.options().xlat_style;
    if (style != kXlatAbbrev) c.dec(static_cast<int>(ioprio));  // (strace 6.1: decimal)
    if (style == kXlatRaw) return;
    std::string text = ioprio_text(c, ioprio);
    c.str(style == kXlatVerbose ? " /* " + text + " */" : text);
}

}  // namespace wiretrace
