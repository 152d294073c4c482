// Renders strace's line shapes onto a Sink: the pid prefix, timestamps, "name(args) = ret"
// with the result aligned at column 40, <unfinished ...> / <... name resumed> when another
// task prints in between, "--- SIG ... ---" and "+++ exited with N +++" lines.
// It knows nothing of ptrace: the tracer passes text, numbers and a TaskLine per task.
//
// Where lines go: every task writes to the printer's main sink unless its TaskLine names
// another (-ff: one file per task). With -e status=... a task composes its syscall line in a
// private pending sink and the printer commits the whole line to the task's destination only
// when its status is one the user asked for.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "output/outbuf.h"
#include "syscalls/syscall_table.h"

namespace wiretrace {

// One output stream and the line that is open on it.
struct Sink {
    explicit Sink(OutBuf &o) : out(o) {}
    OutBuf &out;
    struct TaskLine *owner = nullptr;  // task whose line is open (entry printed, no result yet)
    size_t col = 0;
};

// A sink with its own buffer: -ff's per-task file, -e status's pending line.
struct SinkBuffer {
    OutBuf out;
    Sink sink{out};
};

// A task's printing state, owned by the task (Tracee), passed to every call.
struct TaskLine {
    pid_t pid = 0;
    bool unfinished = false;  // its syscall line was cut by " <unfinished ...>"
    long nr = 0;              // its current syscall number, for -n
    Sink *dest = nullptr;     // where its lines end up (null: the printer's main sink)
    Sink *pending = nullptr;  // -e status: where its syscall line is composed first
    std::string comm = {};    // -Y: its name, quoted ("" without -Y)
    uint64_t ip = 0;          // -i: its instruction pointer at the current stop
    bool ip_known = false;    // (not after it is gone: "[????????????????]")
};

// -e status=SET, as a mask.
enum StatusBits : unsigned {
    kStatusSuccessful = 1,
    kStatusFailed = 2,
    kStatusUnfinished = 4,   // the task never returned (exit, execve elsewhere, killed)
    kStatusUnavailable = 8,  // returned, but the result could not be read
    kStatusDetached = 16,    // wiretrace detached while the call ran
    kStatusAll = 31,
};

// How times are shown. Digits: 0 (s), 3 (ms), 6 (us), 9 (ns).
struct TimeFormat {
    enum Absolute { None, Time, Unix };
    Absolute absolute = None;  // -t Time/0, -tt Time/6, -ttt Unix/6, --absolute-timestamps
    int absolute_digits = 0;
    bool relative = false;  // -r: time since the previous line
    int relative_digits = 6;
    bool durations = false;  // -T
    int duration_digits = 6;
};

struct PrinterOptions {
    TimeFormat time;
    bool syscall_numbers = false;      // -n: "[ 257] " before the name
    bool instruction_pointer = false;  // -i: "[00007f...] " after that
    bool plain_pid_prefix = false;     // "%-5d " on every line (-o FILE with -f, strace's rule)
    bool bracket_pid_prefix = true;    // "[pid %5d] " while several tasks are traced (not with -o)
    int align_column = 40;             // -a
    unsigned status = kStatusAll;      // -e status=, -z, -Z
};

// The clocks a line needs: wall (absolute timestamps) and monotonic (-r).
struct Stamp {
    Stamp() = default;
    Stamp(const timespec &w) : wall(w) {}  // NOLINT: tests stamp with a wall time only
    timespec wall{};
    timespec mono{};
};

class StracePrinter {
public:
    StracePrinter(OutBuf &out, const PrinterOptions &opt) : main_(out), opt_(opt) {}

    void set_task_count(int n) { ntasks_ = n; }
    bool needs_timestamps() const { return opt_.time.absolute != TimeFormat::None || opt_.time.relative; }
    bool needs_durations() const { return opt_.time.durations; }
    bool defers_lines() const { return opt_.status != kStatusAll; }
    Stamp stamp() const;  // now, with the clocks the options need

    // "name(" + text: the part known at entry; the line stays open.
    void syscall_entry(TaskLine &t, std::string_view name, std::string_view text, const Stamp &now);
    // text + ") = result" (+ " <dur>"); prefixed by "<... name resumed>" if the line was cut.
    // `result`, when given, replaces the formatted success value ("0x1 (flags FD_CLOEXEC)");
    // `note` follows it: -y's "<socket:[123]>"; `tampered` ends the result: " (INJECTED)".
    void syscall_exit(TaskLine &t, std::string_view name, std::string_view text, RetKind kind, int64_t ret,
                      const Stamp &now, const timespec *duration, std::string_view note = {},
                      std::string_view result = {}, std::string_view tampered = {});
    // ") = ?" for a call the task never returned from: exit and exit_group, whose lines are
    // whole at entry; any other call (the task was killed in it) gets strace's
    // " <unfinished ...>" before the ")" (`unfinished`).
    void syscall_noreturn(TaskLine &t, std::string_view name, const Stamp &now, bool unfinished = false);
    // Ends t's open line with `note` (" <detached ...>", " <pid changed to N ...>"); its
    // result, if any, will come on a "<... name resumed>" line. `status` is what the call's
    // fate counts as for -e status.
    void end_open_line(TaskLine &t, std::string_view note, unsigned status);
    // A whole line of its own: "--- SIGCHLD {...} ---", "+++ exited with 0 +++".
    void event_line(TaskLine &t, std::string_view text, const Stamp &now);
    // Lines printed as they are, after t's last line (-e read=/write= dumps).
    void raw_lines(TaskLine &t, std::string_view text);
    // A packet line on the main sink: "## " + the packet's capture time (in the trace's
    // absolute format, or HH:MM:SS.uuuuuu without one) + " " + text, which ends in '\n'.
    // It cuts an open syscall line as another task's line would.
    void packet_line(const timespec &when, std::string_view text);
    // Lines that belong with the packets (analysis hints, the summary): each gets "## " in
    // front; `text` is one or more lines, each ending in '\n'.
    void packet_note(std::string_view text);
    // Ends any open line on the main sink (before a message that goes around the buffer).
    void close_open_line();
    // Drops a task that is going away (it may own an open line).
    void forget(TaskLine &t);

    static void format_result(std::string &out, RetKind kind, int64_t ret);

private:
    Sink &dest(TaskLine &t) { return t.dest ? *t.dest : main_; }
    Sink &compose(TaskLine &t) { return t.pending ? *t.pending : dest(t); }
    void begin_line(Sink &s, TaskLine &t, const Stamp &now);
    // Continues t's open line, or starts "<... name resumed>" when another line cut it.
    Sink &resume_line(TaskLine &t, std::string_view name, const Stamp &now);
    void put(Sink &s, std::string_view text) {
        s.out.append(text);
        s.col += text.size();
    }
    void end_line(Sink &s);
    void close_open_line(Sink &s);
    // A pending line is complete: keep it (append to the destination) when `status` is wanted.
    void commit(TaskLine &t, unsigned status);
    void pad_to_result(Sink &s);
    void put_fraction(Sink &s, const char *fmt, const timespec &ts, int digits);
    // A wall-clock time: "%H:%M:%S" local time or UNIX seconds, with `digits` decimals.
    void put_wall(Sink &s, const timespec &t, TimeFormat::Absolute kind, int digits);

    Sink main_;
    PrinterOptions opt_;
    int ntasks_ = 1;
    timespec last_mono_{};  // -r: the previous line's time
    bool have_last_ = false;
    std::string scratch_;
};

}  // namespace wiretrace
