// Priorities and scheduling: getpriority/setpriority, ioprio_get/ioprio_set (the I/O priority
// as IOPRIO_PRIO_VALUE(class, data)), the sched_* policy, parameter, interval and affinity
// calls - "who" as a process or process group by "which", as strace prints them.
#include <errno.h>
#include <sched.h>

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

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

// which, then who: a process (which == process), a process group (which == group), else a number
void which_and_who(Call &c, const Xlat &whiches, const char *unknown, int process, int group) {
    int which = c.iarg(0);
    c.enum_val(whiches, static_cast<unsigned>(which), unknown);
    c.sep();
    if (which == process)
        c.pid(c.iarg(1), PidType::Tgid);
    else if (which == group)
        c.pid(c.iarg(1), PidType::Pgid);
    else
        c.dec(c.iarg(1));
}

void which_and_who(Call &c) {
    which_and_who(c, xlat_ioprio_who, "%#llx /* IOPRIO_WHO_??? */", 1, 2);
}

void policy(Call &c, uint64_t v) {
    c.enum_val(xlat_schedulers, static_cast<unsigned>(v), "%#llx /* SCHED_??? */");
}

// The kernel's cpumask size: the smallest size sched_getaffinity accepts (it fails with EINVAL
// below it without looking at the mask), found once as strace finds it.
unsigned cpuset_size() {
    static unsigned size = [] {
        unsigned n = 128;
        while (n && syscall(SYS_sched_getaffinity, 0, n, nullptr) == -1 && errno == EINVAL) n <<= 1;
        return n ? n : 128u;
    }();
    return size;
}

// A CPU mask of len bytes: "[0 1 5]", "..." when len is beyond what the kernel uses
void print_cpu_set(Call &c, uint64_t addr, unsigned len) {
    if (!c.options().verbose || (c.exiting() && c.failed()) || !addr) return c.ptr(addr);
    if (!len) return c.str("[]");
    unsigned want = std::min(len, cpuset_size());
    unsigned size = (want + 7) / 8 * 8;
    std::vector<uint8_t> mask(size, 0);
    if (!c.mem().read_exact(RemoteAddr(addr), mask.data(), want)) return c.ptr(addr);
    c.str("[");
    bool any = false;
    for (unsigned i = 0; i < size * 8; i++) {
        if (!(mask[i / 8] & (1u << (i % 8)))) continue;
        if (any) c.str(" ");
        any = true;
        c.udec(i);
    }
    if (size < len) c.str(any ? " ..." : "...");
    c.str("]");
}
}  // namespace

void decode_getpriority(Call &c) {
    if (c.exiting()) return;
    which_and_who(c, xlat_priorities, "%#llx /* PRIO_??? */", 0, 1);
}

void decode_setpriority(Call &c) {
    if (c.exiting()) return;
    which_and_who(c, xlat_priorities, "%#llx /* PRIO_??? */", 0, 1);
    c.sep();
    c.dec(c.iarg(2));
}

void decode_sched_getscheduler(Call &c) {
    if (c.entering()) return c.pid(c.iarg(0), PidType::Tgid);
    if (c.failed()) return;
    if (const char *name = xlat_name(xlat_schedulers, static_cast<uint64_t>(c.ret())))
        c.result_text() = std::to_string(c.ret()) + " (" + name + ")";
}

void decode_sched_setscheduler(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0), PidType::Tgid);
    c.sep();
    policy(c, c.arg(1));
    c.sep();
    print_int_at(c, c.arg(2));
}

void decode_sched_getparam(Call &c) {
    if (c.entering()) {
        c.pid(c.iarg(0), PidType::Tgid);
        return c.sep();
    }
    print_int_at(c, c.arg(1));
}

void decode_sched_setparam(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0), PidType::Tgid);
    c.sep();
    print_int_at(c, c.arg(1));
}

void decode_sched_get_priority_max(Call &c) {
    if (c.entering()) policy(c, c.arg(0));
}

void decode_sched_get_priority_min(Call &c) {
    if (c.entering()) policy(c, c.arg(0));
}

void decode_sched_rr_get_interval(Call &c) {
    if (c.entering()) {
        c.pid(c.iarg(0), PidType::Tgid);
        return c.sep();
    }
    if (c.failed())
        c.ptr(c.arg(1));
    else
        print_timespec(c, c.arg(1));
}

void decode_sched_setaffinity(Call &c) {
    if (c.exiting()) return;
    c.pid(c.iarg(0), PidType::Tgid);
    c.sep();
    c.udec(static_cast<unsigned>(c.arg(1)));
    c.sep();
    print_cpu_set(c, c.arg(2), static_cast<unsigned>(c.arg(1)));
}

void decode_sched_getaffinity(Call &c) {
    if (c.entering()) {
        c.pid(c.iarg(0), PidType::Tgid);
        c.sep();
        c.udec(static_cast<unsigned>(c.arg(1)));
        return c.sep();
    }
    print_cpu_set(c, c.arg(2), static_cast<unsigned>(c.ret()));
}

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
