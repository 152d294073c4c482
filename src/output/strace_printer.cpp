#include "output/strace_printer.h"

#include <string.h>

#include <cstdio>

namespace wiretrace {

void StracePrinter::end_line() {
    out_.append('\n');
    col_ = 0;
    out_.end_line();
}

void StracePrinter::close_open_line() {
    if (owner_) {
        put(" <unfinished ...>");
        end_line();
        owner_->unfinished = true;
        owner_ = nullptr;
    }
}

void StracePrinter::forget(TaskLine &t) {
    if (owner_ == &t) owner_ = nullptr;
}

void StracePrinter::begin_line(TaskLine &t, const timespec &now) {
    close_open_line();
    char buf[64];
    int n = 0;
    if (opt_.plain_pid_prefix)
        n = std::snprintf(buf, sizeof buf, "%-5d ", t.pid);
    else if (opt_.bracket_pid_prefix && ntasks_ > 1)
        n = std::snprintf(buf, sizeof buf, "[pid %5d] ", t.pid);
    if (n > 0) put(std::string_view(buf, static_cast<size_t>(n)));
    if (opt_.timestamps) {
        if (opt_.timestamps == 3) {
            n = std::snprintf(buf, sizeof buf, "%lld.%06ld ", static_cast<long long>(now.tv_sec), now.tv_nsec / 1000);
        } else {
            struct tm tm;
            time_t secs = now.tv_sec;
            localtime_r(&secs, &tm);
            n = static_cast<int>(strftime(buf, sizeof buf, "%H:%M:%S", &tm));
            if (opt_.timestamps == 2)
                n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%06ld", now.tv_nsec / 1000);
            buf[n++] = ' ';
        }
        put(std::string_view(buf, static_cast<size_t>(n)));
    }
}

void StracePrinter::pad_to_result() {
    // strace pads to column (align - 1) and then prints " = ", so "=" lands at `align`.
    size_t target = static_cast<size_t>(opt_.align_column) - 1;
    if (col_ < target) {
        static const char spaces[] = "                                                                ";
        size_t need = target - col_;
        while (need) {
            size_t k = std::min(need, sizeof spaces - 1);
            put(std::string_view(spaces, k));
            need -= k;
        }
    }
}

void StracePrinter::syscall_entry(TaskLine &t, std::string_view name, std::string_view text, const timespec &now) {
    begin_line(t, now);
    put(name);
    put("(");
    put(text);
    owner_ = &t;
    t.unfinished = false;
}

void StracePrinter::resume_line(TaskLine &t, std::string_view name, const timespec &now) {
    if (owner_ != &t) {
        begin_line(t, now);
        put("<... ");
        put(name);
        put(" resumed>");
    }
    owner_ = nullptr;
    t.unfinished = false;
}

void StracePrinter::syscall_exit(TaskLine &t, std::string_view name, std::string_view text, RetKind kind, int64_t ret,
                                 const timespec &now, const timespec *duration) {
    resume_line(t, name, now);
    put(text);
    put(")");
    pad_to_result();
    put(" = ");
    scratch_.clear();
    format_result(scratch_, kind, ret);
    put(scratch_);
    if (duration) {
        char buf[48];
        int n = std::snprintf(buf, sizeof buf, " <%lld.%06ld>", static_cast<long long>(duration->tv_sec),
                              duration->tv_nsec / 1000);
        put(std::string_view(buf, static_cast<size_t>(n)));
    }
    end_line();
}

void StracePrinter::syscall_noreturn(TaskLine &t, std::string_view name, const timespec &now) {
    resume_line(t, name, now);
    put(")");
    pad_to_result();
    put(" = ?");
    end_line();
}

void StracePrinter::end_open_line(TaskLine &t, std::string_view note) {
    if (owner_ == &t) {
        put(note);
        end_line();
        owner_ = nullptr;
        t.unfinished = true;
    }
}

void StracePrinter::event_line(TaskLine &t, std::string_view text, const timespec &now) {
    begin_line(t, now);
    put(text);
    end_line();
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
        case RetKind::NoReturn:
        case RetKind::Dec:
        case RetKind::Fd:
        default:
            n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(ret));
            break;
    }
    out.append(buf, static_cast<size_t>(n));
}

}  // namespace wiretrace
