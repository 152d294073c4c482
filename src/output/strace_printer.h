// Renders strace's line shapes onto an OutBuf: the pid prefix, timestamps, "name(args) = ret"
// with the result aligned at column 40, <unfinished ...> / <... name resumed> when another
// task prints in between, "--- SIG ... ---" and "+++ exited with N +++" lines.
// It knows nothing of ptrace: the tracer passes text, numbers and a TaskLine per task.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "output/outbuf.h"
#include "syscalls/syscall_table.h"

namespace wiretrace {

// A task's printing state, owned by the task (Tracee), passed to every call.
struct TaskLine {
    pid_t pid = 0;
    bool unfinished = false;  // its syscall line was cut by " <unfinished ...>"
};

struct PrinterOptions {
    int timestamps = 0;              // -t 1, -tt 2, -ttt 3
    bool syscall_times = false;      // -T
    bool plain_pid_prefix = false;   // "%-5d " on every line (-o FILE with -f, strace's rule)
    bool bracket_pid_prefix = true;  // "[pid %5d] " while several tasks are traced (not with -o)
    int align_column = 40;           // -a
};

class StracePrinter {
public:
    StracePrinter(OutBuf &out, const PrinterOptions &opt) : out_(out), opt_(opt) {}

    void set_task_count(int n) { ntasks_ = n; }
    bool needs_timestamps() const { return opt_.timestamps != 0; }
    bool needs_durations() const { return opt_.syscall_times; }

    // "name(" + text: the part known at entry; the line stays open.
    void syscall_entry(TaskLine &t, std::string_view name, std::string_view text, const timespec &now);
    // text + ") = result" (+ " <dur>"); prefixed by "<... name resumed>" if the line was cut.
    void syscall_exit(TaskLine &t, std::string_view name, std::string_view text, RetKind kind, int64_t ret,
                      const timespec &now, const timespec *duration);
    // ") = ?" for a call the task never returned from (exit, exit_group, killed meanwhile).
    void syscall_noreturn(TaskLine &t, std::string_view name, const timespec &now);
    // Ends t's open line with `note` (" <detached ...>", " <pid changed to N ...>"); its
    // result, if any, will come on a "<... name resumed>" line.
    void end_open_line(TaskLine &t, std::string_view note);
    // A whole line of its own: "--- SIGCHLD {...} ---", "+++ exited with 0 +++".
    void event_line(TaskLine &t, std::string_view text, const timespec &now);
    // Ends any open line (before a message that goes around the buffer).
    void close_open_line();
    // Drops a task that is going away (it may own the open line).
    void forget(TaskLine &t);

    static void format_result(std::string &out, RetKind kind, int64_t ret);

private:
    void begin_line(TaskLine &t, const timespec &now);
    // Continues t's open line, or starts "<... name resumed>" when another line cut it.
    void resume_line(TaskLine &t, std::string_view name, const timespec &now);
    void put(std::string_view s) {
        out_.append(s);
        col_ += s.size();
    }
    void end_line();
    void pad_to_result();

    OutBuf &out_;
    PrinterOptions opt_;
    int ntasks_ = 1;
    TaskLine *owner_ = nullptr;  // task whose line is open (entry printed, no result yet)
    size_t col_ = 0;
    std::string scratch_;
};

}  // namespace wiretrace
