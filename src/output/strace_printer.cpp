#include "output/strace_printer.h"

#include <string.h>

#include <cstdio>

#include "common.h"
#include "syscalls/xlat.h"

namespace wiretrace {

namespace {
constexpr long k_pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
}  // namespace

Stamp StracePrinter::stamp() const {
    Stamp s;
    if (opt_.time.absolute != TimeFormat::None) clock_gettime(CLOCK_REALTIME, &s.wall);
    if (opt_.time.relative) clock_gettime(CLOCK_MONOTONIC, &s.mono);
    return s;
}

void StracePrinter::end_line(Sink &s) {
    s.out.append('\n');
    s.col = 0;
    s.out.end_line();
}

void StracePrinter::close_open_line(Sink &s) {
    if (s.owner) {
        put(s, " <unfinished ...>");
        end_line(s);
        s.owner->unfinished = true;
        s.owner = nullptr;
    }
}

void StracePrinter::close_open_line() {
    close_open_line(main_);
}

void StracePrinter::forget(TaskLine &t) {
    if (main_.owner == &t) main_.owner = nullptr;
    if (t.dest && t.dest->owner == &t) t.dest->owner = nullptr;
    if (t.pending) {
        t.pending->owner = nullptr;
        t.pending->out.clear();
        t.pending->col = 0;
    }
}

void StracePrinter::put_fraction(Sink &s, const char *fmt, const timespec &ts, int digits) {
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, fmt, static_cast<long long>(ts.tv_sec));
    if (digits > 0)
        n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%0*ld", digits,
                           ts.tv_nsec / k_pow10[9 - digits]);
    put(s, std::string_view(buf, static_cast<size_t>(n)));
}

void StracePrinter::put_wall(Sink &s, const timespec &t, TimeFormat::Absolute kind, int digits) {
    if (kind == TimeFormat::Unix) {
        put_fraction(s, "%lld", t, digits);
        return;
    }
    struct tm tm;
    time_t secs = t.tv_sec;
    localtime_r(&secs, &tm);
    char buf[32];
    size_t n = strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    put(s, std::string_view(buf, n));
    if (digits > 0) {
        int k = std::snprintf(buf, sizeof buf, ".%0*ld", digits, t.tv_nsec / k_pow10[9 - digits]);
        put(s, std::string_view(buf, static_cast<size_t>(k)));
    }
}

void StracePrinter::packet_line(const timespec &when, std::string_view text) {
    Sink &s = main_;
    close_open_line(s);
    put(s, "## ");
    // the packet's own time, as the trace shows times (time of day to the microsecond without)
    const TimeFormat &tf = opt_.time;
    if (tf.absolute == TimeFormat::None)
        put_wall(s, when, TimeFormat::Time, 6);
    else
        put_wall(s, when, tf.absolute, tf.absolute_digits);
    put(s, " ");
    s.out.append(text);
    s.col = 0;
    s.out.end_line();
}

void StracePrinter::packet_note(std::string_view text) {
    Sink &s = main_;
    close_open_line(s);
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        s.out.append("## ");
        s.out.append(text.substr(pos, eol - pos));
        s.out.append('\n');
        s.out.end_line();
        pos = eol + 1;
    }
    s.col = 0;
}

void StracePrinter::begin_line(Sink &s, TaskLine &t, const Stamp &now) {
    close_open_line(s);
    char buf[128];
    int n = 0;
    // (-Y: the task's name after its pid, and then no padding in the plain form: strace's)
    if (opt_.plain_pid_prefix && !t.comm.empty())
        n = std::snprintf(buf, sizeof buf, "%d<%s> ", t.pid, t.comm.c_str());
    else if (opt_.plain_pid_prefix)
        n = std::snprintf(buf, sizeof buf, "%-5d ", t.pid);
    else if (opt_.bracket_pid_prefix && ntasks_ > 1 && !t.comm.empty())
        n = std::snprintf(buf, sizeof buf, "[pid %5d<%s>] ", t.pid, t.comm.c_str());
    else if (opt_.bracket_pid_prefix && ntasks_ > 1)
        n = std::snprintf(buf, sizeof buf, "[pid %5d] ", t.pid);
    if (n > 0) put(s, std::string_view(buf, std::min(static_cast<size_t>(n), sizeof buf - 1)));
    const TimeFormat &tf = opt_.time;
    if (tf.absolute != TimeFormat::None) put_wall(s, now.wall, tf.absolute, tf.absolute_digits);
    if (tf.relative) {
        timespec delta = have_last_ ? timespec_sub(now.mono, last_mono_) : timespec{};
        if (delta.tv_sec < 0) delta = {};
        last_mono_ = now.mono;
        have_last_ = true;
        if (tf.absolute != TimeFormat::None) {
            put(s, " (+");
            put_fraction(s, "%6lld", delta, tf.relative_digits);
            put(s, ")");
        } else {
            put_fraction(s, "%6lld", delta, tf.relative_digits);
        }
    }
    if (needs_timestamps()) put(s, " ");
    if (opt_.syscall_numbers) {
        n = std::snprintf(buf, sizeof buf, "[%4ld] ", t.nr);
        put(s, std::string_view(buf, static_cast<size_t>(n)));
    }
    if (opt_.instruction_pointer) {
        if (t.ip_known)
            n = std::snprintf(buf, sizeof buf, "[%016llx] ", static_cast<unsigned long long>(t.ip));
        else
            n = std::snprintf(buf, sizeof buf, "[????????????????] ");
        put(s, std::string_view(buf, static_cast<size_t>(n)));
    }
}

void StracePrinter::pad_to_result(Sink &s) {
    // strace pads to column (align - 1) and then prints " = ", so "=" lands at `align`.
    size_t target = static_cast<size_t>(opt_.align_column) - 1;
    if (s.col < target) {
        static const char spaces[] = "                                                                ";
        size_t need = target - s.col;
        while (need) {
            size_t k = std::min(need, sizeof spaces - 1);
            put(s, std::string_view(spaces, k));
            need -= k;
        }
    }
}

void StracePrinter::syscall_entry(TaskLine &t, std::string_view name, std::string_view text, const Stamp &now) {
    if (t.pending) forget(t);  // a line left open by a call whose end was never seen
    Sink &s = compose(t);
    begin_line(s, t, now);
    put(s, name);
    put(s, "(");
    put(s, text);
    s.owner = &t;
    t.unfinished = false;
}

Sink &StracePrinter::resume_line(TaskLine &t, std::string_view name, const Stamp &now) {
    Sink &s = compose(t);
    if (s.owner != &t) {
        begin_line(s, t, now);
        put(s, "<... ");
        put(s, name);
        put(s, " resumed>");
    }
    s.owner = nullptr;
    t.unfinished = false;
    return s;
}

void StracePrinter::commit(TaskLine &t, unsigned status) {
    if (!t.pending) return;
    Sink &p = *t.pending;
    if (opt_.status & status) {
        Sink &d = dest(t);
        close_open_line(d);
        d.out.append(p.out.view());
        d.out.end_line();
    }
    p.out.clear();
    p.col = 0;
    p.owner = nullptr;
}

void StracePrinter::syscall_exit(TaskLine &t, std::string_view name, std::string_view text, RetKind kind, int64_t ret,
                                 const Stamp &now, const timespec *duration, std::string_view note,
                                 std::string_view result, std::string_view tampered) {
    Sink &s = resume_line(t, name, now);
    put(s, text);
    put(s, ")");
    pad_to_result(s);
    put(s, " = ");
    bool failed = ret < 0 && ret >= -4095;
    if (!result.empty() && !failed) {
        put(s, result);
    } else {
        scratch_.clear();
        format_result(scratch_, kind, ret);
        put(s, scratch_);
    }
    if (!note.empty() && !failed) put(s, note);
    put(s, tampered);
    if (duration) {
        put(s, " <");
        put_fraction(s, "%lld", *duration, opt_.time.duration_digits);
        put(s, ">");
    }
    end_line(s);
    commit(t, failed ? kStatusFailed : kStatusSuccessful);
}

void StracePrinter::syscall_noreturn(TaskLine &t, std::string_view name, const Stamp &now, bool unfinished) {
    Sink &s = resume_line(t, name, now);
    put(s, unfinished ? " <unfinished ...>)" : ")");
    pad_to_result(s);
    put(s, " = ?");
    end_line(s);
    commit(t, kStatusUnfinished);
}

void StracePrinter::end_open_line(TaskLine &t, std::string_view note, unsigned status) {
    Sink &s = compose(t);
    if (s.owner == &t) {
        put(s, note);
        end_line(s);
        s.owner = nullptr;
        t.unfinished = true;
        commit(t, status);
    }
}

void StracePrinter::event_line(TaskLine &t, std::string_view text, const Stamp &now) {
    Sink &s = dest(t);
    begin_line(s, t, now);
    put(s, text);
    end_line(s);
}

void StracePrinter::raw_lines(TaskLine &t, std::string_view text) {
    Sink &s = dest(t);
    close_open_line(s);
    s.out.append(text);
    s.col = 0;
    s.out.end_line();
}

void StracePrinter::format_result(std::string &out, RetKind kind, int64_t ret) {
    char buf[160];
    int n;
    if (ret < 0 && ret >= -4095 && kind != RetKind::Hex) {
        int err = static_cast<int>(-ret);
        // The kernel-internal restart codes never reach user space; strace names them.
        static const struct {
            int no;
            const char *name, *msg;
        } restarts[] = {
            {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
            {513, "ERESTARTNOINTR", "To be restarted"},
            {514, "ERESTARTNOHAND", "To be restarted if no handler"},
            {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
        };
        for (const auto &r : restarts) {
            if (r.no == err) {
                n = std::snprintf(buf, sizeof buf, "? %s (%s)", r.name, r.msg);
                out.append(buf, static_cast<size_t>(n));
                return;
            }
        }
        const char *name = strerrorname_np(err);
        if (name)
            n = std::snprintf(buf, sizeof buf, "-1 %s (%s)", name, strerror(err));
        else
            n = std::snprintf(buf, sizeof buf, "-1 ERRNO_%d (Unknown error %d)", err, err);
        out.append(buf, static_cast<size_t>(n));
        return;
    }
    switch (kind) {
        case RetKind::Hex:
            // mmap and brk: addresses, but an mmap error is still an errno
            if (ret < 0 && ret >= -4095) {
                int err = static_cast<int>(-ret);
                const char *name = strerrorname_np(err);
                n = std::snprintf(buf, sizeof buf, "-1 %s (%s)", name ? name : "E?", strerror(err));
            } else {
                n = std::snprintf(buf, sizeof buf, "%#llx", static_cast<unsigned long long>(ret));
            }
            break;
        case RetKind::Oct:
            n = std::snprintf(buf, sizeof buf, "%#llo", static_cast<unsigned long long>(ret));
            break;
        case RetKind::Signal: {
            char name[16];
            std::string_view s = signal_name(static_cast<int>(ret), name);
            n = std::snprintf(buf, sizeof buf, "%lld (%.*s)", static_cast<long long>(ret), static_cast<int>(s.size()),
                              s.data());
            break;
        }
        case RetKind::NoReturn:
        case RetKind::Dec:  // strace's default: unsigned (a value past the errno range)
            n = std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(ret));
            break;
        case RetKind::Fd:
        default:
            n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(ret));
            break;
    }
    out.append(buf, static_cast<size_t>(n));
}

}  // namespace wiretrace
