// The tracing loop: launches or attaches, then waits for ptrace stops (blocking in waitpid),
// classifies each with Stop, decodes and prints through StracePrinter, and resumes.
// Single-threaded; owns every Tracee.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli/options.h"
#include "correlate/net_session.h"
#include "correlate/trace_events.h"
#include "decode/decoder.h"
#include "output/outbuf.h"
#include "tracer/netlink_probe.h"
#include "output/strace_printer.h"
#include "output/summary.h"
#include "tracer/fd_info.h"
#include "tracer/netlink_probe.h"
#include "tracer/path_filter.h"
#include "tracer/pid_info.h"
#include "tracer/seccomp_filter.h"
#include "tracer/stack_trace.h"
#include "tracer/stop.h"
#include "tracer/tracee.h"
#include "views/net_stats.h"
#include "views/top_screen.h"
#include "views/traffic.h"

namespace wiretrace {

class Tracer {
public:
    explicit Tracer(const Options &opt);
    ~Tracer();
    // Runs to the end of the trace; returns the exit status wiretrace should exit with
    // (a value above 255 means "killed by signal (value - 256)": main re-raises it).
    int run();

private:
    void open_output();
    void launch();
    void attach_all();
    Tracee &add_tracee(pid_t tid);
    void remove_tracee(pid_t tid);
    void handle(Tracee &t, const Stop &stop);
    void on_syscall_stop(Tracee &t);
    void resume(Tracee &t, int sig = 0);
    bool stop_tracing();  // on SIGINT & co: false = detach now
    void drain(Tracee &t, const Stop &stop);
    void on_entry(Tracee &t, long nr, const uint64_t (&args)[6]);
    void on_exit(Tracee &t, int64_t ret);
    void on_signal(Tracee &t, int sig);
    void on_exec(Tracee &t);
    void on_gone(Tracee &t, const Stop &stop);
    void note_ip(Tracee &t);
    bool decodes_at_exit(Tracee &t);
    void detach_all();
    void detach_on_exec(Tracee &t);
    void message(const std::string &text);
    // "--- SIG... ---", "+++ exited ... +++" and the like: a line, or a JSON "event"
    void event_line(Tracee &t, const std::string &text, const Stamp &now);
    void json_syscall(Tracee &t, std::string_view name, std::string_view exit_text, std::string_view result,
                      int64_t ret, bool returned);
    bool quiet(unsigned what) const { return (quiet_ & what) != 0; }
    void maybe_flush();
    void print_summary();
    void flush_all();
    void report_output_errors();  // a failing -o file: said once, the trace goes on
    void close_output();
    // --capture: opened before anything runs, its thread started before the command.
    void start_capture();
    void print_packets();  // what the capture thread queued, as "## " lines
    void finish_capture();
    // --stats, --net-summary: the kernel's counters
    void stats_tick();
    void finish_stats();
    std::unique_ptr<NetStats> stats_;
    // --top (top.cpp): the numbers, the interfaces' counters, the screen
    void start_top();
    void top_tick();
    void finish_top(bool interrupted);
    static bool interrupted_now();  // SIGINT & co arrived
    std::unique_ptr<TrafficTable> traffic_;
    std::unique_ptr<NetCounters> top_counters_;
    std::unique_ptr<TopScreen> top_;
    CounterSnapshot top_snapshot_;
    int64_t top_next_ns_ = 0;
    std::vector<std::string> deferred_;  // messages held while the screen is up
    void observe_entry(Tracee &t);
    // -e inject= / -e fault= (tamper.cpp)
    void tamper_entry(Tracee &t, long nr);
    int64_t tamper_exit(Tracee &t, int64_t ret);
    void poke(Tracee &t, const InjectAction &a, bool at_entry);
    void resume_after_stop(Tracee &t);  // now, or when its injected delay is over
    void resume_delayed();              // those whose delay is over
    static const char *tamper_note(unsigned tamper);
    bool injected_success(const Tracee &t, int64_t ret) const;  // retval= gave this value
    std::string scratch_;
    struct Delayed {
        timespec due;
        pid_t tid;
        int sig;
    };
    std::vector<Delayed> delayed_;
    void observe_exit(Tracee &t, int64_t ret);

    const Options &opt_;
    OutBuf out_;
    OutBuf discard_;  // --json: strace's lines are composed (for their text) and dropped
    StracePrinter printer_;
    std::string json_buf_;
    DecodeOptions dopt_;
    std::string text_;
    std::unordered_map<pid_t, std::unique_ptr<Tracee>> tracees_;
    pid_t child_ = 0;              // the launched command's pid
    pid_t pipe_child_ = 0;         // -o '|cmd': the command reading the trace
    unsigned quiet_ = 0;           // QuietBits in effect
    bool per_task_files_ = false;  // -ff -o FILE
    bool seccomp_ = false;         // --seccomp-bpf in effect
    bool draining_ = false;        // interrupted under seccomp: silent until the command exits
    std::unique_ptr<SeccompProgram> seccomp_program_;
    std::unique_ptr<FdInfo> fd_info_;      // -y, -yy
    std::unique_ptr<StackTraces> stacks_;  // -k
    std::unique_ptr<PathFilter> paths_;    // -P
    std::unique_ptr<PidInfo> pid_info_;    // -Y, --pidns-translation
    void load_comm(Tracee &t);             // -Y: the task's name, for its line prefix
    bool renames_tasks() const { return pid_info_ && (opt_.decode_pids & kDecodePidComm); }
    void print_stack(Tracee &t);      // -k: the task's stack (or the one taken at entry) under its line
    NetlinkProbeProc netlink_probe_;  // what netlink protocol a descriptor speaks
    std::string note_;
    std::unique_ptr<Summary> summary_;         // -c, -C
    std::unique_ptr<SummaryCounter> counter_;  // counts into it, as an observer
    bool trace_lines_ = true;                  // false with -c: count, print no trace
    int64_t stop_stime_ns_ = 0;                // the stopped tracee's system time (-c without -w)
    int64_t count_clock() const;               // -c's clock now
    SyscallEvent event_of(Tracee &t) const;    // the call a task is in, for observers
    int exit_status_ = 0;
    bool trace_to_stderr_ = true;
    bool timer_armed_ = false;
    bool output_error_said_ = false;
    std::unique_ptr<NetSession> net_;         // --capture: packets, attributed to the calls
    std::vector<TraceObserver *> observers_;  // told of the calls they want (-c's counter, the correlator)
    uint64_t event_seq_ = 0;                  // numbers the calls observers see
};

}  // namespace wiretrace
