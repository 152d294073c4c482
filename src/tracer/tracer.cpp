#include "tracer/tracer.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <limits.h>
#include <sys/prctl.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "common.h"
#include "decoders.h"
#include "output/dump_io.h"
#include "output/json_lines.h"
#include "correlate/socket_map.h"
#include "syscalls/syscall_table.h"

namespace wiretrace {

namespace {
volatile sig_atomic_t g_interrupted = 0;
volatile sig_atomic_t g_flush_due = 0;
volatile sig_atomic_t g_packets_due = 0;
pid_t g_tracer_tid = 0;  // the thread blocked in waitpid, woken when packets are queued

int packet_signal() {
    return SIGRTMIN + 1;
}
void on_packets(int) {
    g_packets_due = 1;
}

void on_fatal_signal(int sig) {
    g_interrupted = sig;
}
void on_alarm(int) {
    g_flush_due = 1;
}

void install_handlers() {
    struct sigaction sa {};
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked waitpid must return EINTR
    sa.sa_handler = on_fatal_signal;
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) sigaction(s, &sa, nullptr);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, nullptr);
    sa.sa_handler = on_packets;
    sigaction(packet_signal(), &sa, nullptr);
}

// "read", or "syscall_0x1f4" for a number no row knows (strace's spelling).
std::string_view display_name(const SyscallInfo *info, long nr, char (&buf)[32]) {
    if (info) return info->name;
    int n = std::snprintf(buf, sizeof buf, "syscall_%#lx", static_cast<unsigned long>(nr));
    return std::string_view(buf, static_cast<size_t>(n));
}

}  // namespace

[[noreturn]] void check_failed(const char *cond, const char *file, int line) {
    std::fprintf(stderr, "wiretrace: internal error: CHECK(%s) failed at %s:%d\n", cond, file, line);
    std::abort();
}

namespace {
PrinterOptions printer_options(const Options &opt) {
    PrinterOptions p = opt.print;
    bool to_file = !opt.output_file.empty();
    bool separate = to_file && opt.output_separately;
    bool several = opt.follow_forks || opt.attach_pids.size() + !opt.command.empty() > 1;
    // strace's rules: "[pid N] " on stderr once several tasks run; "N     " on every line of a
    // -o file that may hold several tasks; nothing in a per-task file.
    p.plain_pid_prefix = to_file && !separate && several;
    p.bracket_pid_prefix = !to_file;
    return p;
}
}  // namespace

Tracer::Tracer(const Options &opt) : opt_(opt), printer_(opt.json ? discard_ : out_, printer_options(opt)) {
    if (opt.json) {
        int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (fd < 0) throw FatalError(std::string("/dev/null: ") + strerror(errno));
        discard_.open(fd, true, false);
    }
    dopt_.max_strlen = opt.max_strlen;
    dopt_.netlink = &netlink_probe_;
    dopt_.strings_in_hex = opt.strings_in_hex;
    dopt_.xlat_style = opt.xlat_style;
    dopt_.kvm_vcpu = opt.kvm_vcpu;
    text_.reserve(4096);
    per_task_files_ = !opt.output_file.empty() && opt.output_separately;
    seccomp_ = opt.seccomp_bpf && !opt.command.empty();
    if (opt.summary) {
        summary_ = std::make_unique<Summary>(static_cast<size_t>(max_syscall_nr()) + 1);
        counter_ = std::make_unique<SummaryCounter>(*summary_, opt_.trace, opt.summary_per_pid,
                                                    std::max<int64_t>(0, opt.overhead_ns));
        observers_.push_back(counter_.get());
        trace_lines_ = opt.summary == 2;
    }
    if (opt.decode_fds) {
        fd_info_ = std::make_unique<FdInfo>(opt.decode_fds);
        fd_info_->set_strings_in_hex(opt.strings_in_hex);
        dopt_.fds = fd_info_.get();
    }
    if (opt.stack_trace) stacks_ = std::make_unique<StackTraces>();
    if (opt.decode_pids) {
        pid_info_ = std::make_unique<PidInfo>(opt.decode_pids);
        dopt_.pids = pid_info_.get();
        netlink_probe_.set_proc_pids(pid_info_.get());
        if (fd_info_) fd_info_->set_proc_pids(pid_info_.get());
    }
    quiet_ = opt.quiet;
    // strace is quiet about attaching when it runs a command whose trace goes to a file.
    if (!opt.quiet_given && (!opt.output_file.empty() || opt.top) && !opt.command.empty())
        quiet_ = kQuietAttach | kQuietPersonality;
    std::vector<std::string> notes = opt.warnings;
    if (!opt.trace_paths.empty())
        paths_ = std::make_unique<PathFilter>(opt.trace_paths, quiet(kQuietPathResolution), notes);
    for (const auto &w : notes) std::fprintf(stderr, "wiretrace: %s\n", w.c_str());
    if (!opt.late_error.empty()) throw FatalError(opt.late_error);
    open_output();
    if (opt.stats_interval_ns > 0 || opt.capture.net_summary)
        stats_ = std::make_unique<NetStats>(opt.capture.netns, opt.stats_interval_ns);
    if (opt.capture.enabled) {
        net_ = std::make_unique<NetSession>(
            opt.capture, printer_, [this](const std::string &m) { message(m); }, opt.json ? &out_ : nullptr);
        observers_.push_back(&net_->correlator());
    }
    if (seccomp_) {
        // The kernel stops the command at the calls printed, and at those an observer (-c's
        // counter, the correlator) or -k's mapping cache must see.
        seccomp_program_ = std::make_unique<SeccompProgram>([this](long nr) {
            if (opt_.trace.traced(nr)) return true;
            if (stacks_ && StackTraces::changes_mappings(nr)) return true;
            if (renames_tasks() && nr == SYS_prctl) return true;  // -Y: PR_SET_NAME renames the task
            for (const TraceObserver *o : observers_)
                if (o->wants(nr)) return true;
            return false;
        });
    }
}

void Tracer::start_capture() {
    if (!net_) return;
    g_tracer_tid = static_cast<pid_t>(syscall(SYS_gettid));
    net_->start([] { syscall(SYS_tgkill, getpid(), g_tracer_tid, packet_signal()); });
}

void Tracer::print_packets() {
    g_packets_due = 0;
    if (net_) net_->drain();  // (a file is flushed by the 100 ms timer, a terminal at each line)
}

bool Tracer::interrupted_now() {
    return g_interrupted != 0;
}

void Tracer::stats_tick() {
    if (!stats_->due(monotonic_ns())) return;
    note_.clear();
    bool failed = stats_->failed();
    if (stats_->tick(note_, opt_.json ? &out_ : nullptr)) {
        if (!opt_.json) printer_.packet_note(note_);
    } else if (!failed) {
        message("--stats: the counters cannot be read any more (the network namespace is gone); tracing goes on");
    }
}

void Tracer::finish_stats() {
    if (!stats_) return;
    note_.clear();
    stats_->finish(note_, opt_.json ? &out_ : nullptr);
    if (opt_.capture.net_summary) {
        if (!note_.empty()) note_ += '\n';
        stats_->summary(note_, opt_.json ? &out_ : nullptr);
    }
    if (!opt_.json && !note_.empty()) printer_.packet_note(note_);
    stats_.reset();
}

void Tracer::finish_capture() {
    if (!net_) return;
    observers_.erase(std::remove(observers_.begin(), observers_.end(), &net_->correlator()), observers_.end());
    net_->finish();
    net_.reset();
}

Tracer::~Tracer() {
    close_output();
    report_output_errors();
}

Tracee &Tracer::add_tracee(pid_t tid) {
    auto &slot = tracees_[tid];
    if (!slot) {
        slot = std::make_unique<Tracee>(tid);
        if (per_task_files_) {
            std::string name = opt_.output_file + "." + std::to_string(tid);
            int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (opt_.append ? O_APPEND : O_TRUNC);
            int fd = ::open(name.c_str(), flags, 0666);
            if (fd < 0) {
                if (tracees_.size() == 1) throw FatalError("Can't fopen '" + name + "': " + strerror(errno));
                message("Can't fopen '" + name + "': " + strerror(errno));  // its lines go to the main stream
            } else {
                slot->own_output = std::make_unique<SinkBuffer>();
                slot->own_output->out.open(fd, true, false);
                slot->line.dest = &slot->own_output->sink;
            }
        }
        if (opt_.summary_per_pid || opt_.json || stacks_) slot->tgid = tgid_of(tid);
        load_comm(*slot);
        if (printer_.defers_lines()) {
            slot->pending = std::make_unique<SinkBuffer>();
            slot->line.pending = &slot->pending->sink;
        }
    }
    printer_.set_task_count(static_cast<int>(tracees_.size()));
    return *slot;
}

void Tracer::remove_tracee(pid_t tid) {
    auto it = tracees_.find(tid);
    if (it == tracees_.end()) return;
    printer_.forget(it->second->line);
    if (stacks_) stacks_->forget_task(tid);
    if (pid_info_) pid_info_->forget(tid);
    tracees_.erase(it);
    printer_.set_task_count(static_cast<int>(tracees_.size()));
}

int Tracer::run() {
    install_handlers();
    if (!opt_.daemonize) start_capture();  // -D: in the tracer's own process (launch)
    if (stats_) stats_->start();
    start_top();
    if (!opt_.command.empty()) launch();
    attach_all();
    if (tracees_.empty()) return 1;
    if (opt_.interruptible >= 3) {
        // -I never / never_tstp: wiretrace is not to be interrupted (the command, started
        // before this, keeps its own signal mask)
        sigset_t block;
        sigemptyset(&block);
        for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) sigaddset(&block, s);
        if (opt_.interruptible == 4) sigaddset(&block, SIGTSTP);
        sigprocmask(SIG_BLOCK, &block, nullptr);
    }

    while (!tracees_.empty()) {
        if (!delayed_.empty()) resume_delayed();
        if (!timer_armed_ && (per_task_files_ || !out_.empty() || net_ || stats_ || top_)) {
            itimerval it{};
            it.it_value.tv_usec = 100000;
            setitimer(ITIMER_REAL, &it, nullptr);
            timer_armed_ = true;
        }
        int status = 0;
        rusage ru;
        // -c measures the tracee's system time, as strace: wait4 reports it with the stop.
        pid_t pid =
            summary_ && !opt_.summary_wall_clock ? wait4(-1, &status, __WALL, &ru) : waitpid(-1, &status, __WALL);
        if (pid > 0 && summary_ && !opt_.summary_wall_clock)
            stop_stime_ns_ = ru.ru_stime.tv_sec * 1000000000LL + ru.ru_stime.tv_usec * 1000LL;
        if (pid < 0) {
            if (errno == EINTR) {
                if (g_interrupted && !stop_tracing()) break;
                if (g_packets_due || (net_ && g_flush_due)) print_packets();
                maybe_flush();
                continue;
            }
            if (errno == ECHILD) break;
            throw FatalError(std::string("waitpid: ") + strerror(errno));
        }
        Stop stop = Stop::classify(status);
        auto it = tracees_.find(pid);
        Tracee *t;
        if (it != tracees_.end()) {
            t = it->second.get();
        } else {
            if (stop.gone()) {  // not ours: a child we inherited, or one made with CLONE_PARENT
                bool expected = pid == pipe_child_ || (opt_.detach_on_execve && pid == child_);
                if (!expected && !quiet(kQuietExit)) message("Exit of unknown pid " + std::to_string(pid) + " ignored");
                continue;
            }
            if (!opt_.follow_forks) {  // (a clone that asked for CLONE_PTRACE itself)
                ptrace(PTRACE_DETACH, pid, nullptr, nullptr);
                if (!quiet(kQuietAttach)) message("Detached unknown pid " + std::to_string(pid));
                continue;
            }
            t = &add_tracee(pid);  // a new child of a followed task, auto-attached
            if (!quiet(kQuietAttach)) message("Process " + std::to_string(pid) + " attached");
        }
        handle(*t, stop);
        if (g_interrupted && !stop_tracing()) break;
        if (g_packets_due) print_packets();
        maybe_flush();
    }
    if (!g_interrupted || draining_) {
        finish_capture();
        finish_stats();
        finish_top(g_interrupted != 0);
    }
    flush_all();
    if (summary_ && !g_interrupted) print_summary();
    if (draining_) return 256 + g_interrupted;
    if (g_interrupted) {
        // As strace: detach everyone, then die of the signal we were killed with.
        finish_top(true);
        detach_all();
        finish_capture();
        finish_stats();
        flush_all();
        if (summary_) print_summary();
        return 256 + g_interrupted;
    }
    return exit_status_;
}

void Tracer::print_summary() {
    printer_.close_open_line();
    summary_->print(out_, opt_.summary_sort, opt_.summary_columns);
    out_.flush();
}

void Tracer::maybe_flush() {
    if (g_flush_due) {
        g_flush_due = 0;
        timer_armed_ = false;
        if (stats_) stats_tick();
        if (top_) top_tick();
        flush_all();
    }
}

bool Tracer::stop_tracing() {
    if (!seccomp_) return false;  // detach
    // The command runs under a seccomp filter that needs a tracer: detached, its traced calls
    // would fail with ENOSYS. So wiretrace stops printing and stays until the command ends.
    if (!draining_) {
        draining_ = true;
        flush_all();
        message(
            "interrupted: the command keeps its seccomp filter, so wiretrace stays attached, silent, until it exits");
    }
    return true;
}

void Tracer::resume(Tracee &t, int sig) {
    // Under the seccomp filter a task runs free (PTRACE_CONT) between traced calls; it needs
    // PTRACE_SYSCALL only to stop at the exit of a call it entered.
    t.resume(seccomp_ && !t.in_syscall ? Resume::Cont : Resume::Syscall, sig);
}

void Tracer::drain(Tracee &t, const Stop &stop) {
    using K = Stop::Kind;
    t.in_syscall = false;
    switch (stop.kind) {
        case K::Exited:
        case K::Killed:
            if (t.tid() == child_) exit_status_ = stop.kind == K::Exited ? stop.code : 256 + stop.sig;
            remove_tracee(t.tid());
            return;
        case K::GroupStop:
            t.resume(Resume::Listen);
            return;
        case K::SignalDelivery:
            t.resume(Resume::Cont, stop.sig);
            return;
        default:
            t.resume(Resume::Cont);
            return;
    }
}

void Tracer::handle(Tracee &t, const Stop &stop) {
    using K = Stop::Kind;
    if (draining_) return drain(t, stop);
    switch (stop.kind) {
        case K::Syscall:
            on_syscall_stop(t);
            resume_after_stop(t);
            return;
        case K::Seccomp:
            on_syscall_stop(t);
            if (!t.printing && !t.tamper && !t.observed && !t.renaming)
                t.in_syscall = false;  // no exit stop wanted: run free
            resume_after_stop(t);
            return;
        case K::SignalDelivery:
            if (t.hidden && seccomp_ && stop.sig == SIGUSR2) {
                seccomp_ = false;  // the command could not load the filter: every call stops
                return resume(t);
            }
            on_signal(t, stop.sig);
            resume(t, stop.sig);
            return;
        case K::GroupStop:
            if (!t.hidden && trace_lines_ && opt_.signals.shown(stop.sig)) {
                if (opt_.print.instruction_pointer) note_ip(t);
                char buf[16];
                text_ = "--- stopped by ";
                text_ += signal_name(stop.sig, buf);
                text_ += " ---";
                event_line(t, text_, printer_.stamp());
            }
            t.resume(Resume::Listen);
            return;
        case K::Exec:
            on_exec(t);
            return;
        case K::Exited:
        case K::Killed:
            on_gone(t, stop);
            return;
        case K::Interrupt:
        case K::Fork:
        case K::OtherEvent:
            resume(t);
            return;
    }
}

void Tracer::on_syscall_stop(Tracee &t) {
    if (t.in_syscall && !t.printing && !t.observed && !t.tamper && !t.renaming) {
        // The exit of a call we do not print. After an entry stop the task's next syscall stop
        // is always that call's exit (events and signals come as other stops), so there is
        // nothing to ask the kernel: one ptrace request less per filtered-out call.
        t.in_syscall = false;
        t.prev_nr = t.nr;
        if (stacks_ && StackTraces::changes_mappings(t.nr)) stacks_->invalidate();
        return;
    }
    struct __ptrace_syscall_info info;
    if (!t.syscall_info(info)) return;
    t.sp = info.stack_pointer;
    t.line.ip = info.instruction_pointer;
    t.line.ip_known = true;
    if (info.op == PTRACE_SYSCALL_INFO_ENTRY || info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
        uint64_t args[6];
        // (the seccomp member has the same layout: nr, then args)
        const auto &e = info.entry;
        for (int i = 0; i < 6; i++) args[i] = e.args[i];
        on_entry(t, static_cast<long>(e.nr), args);
    } else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
        if (t.in_syscall) on_exit(t, t.tamper ? tamper_exit(t, info.exit.rval) : info.exit.rval);
    }
}

void Tracer::on_entry(Tracee &t, long nr, const uint64_t (&args)[6]) {
    t.nr = nr;
    t.line.nr = nr;
    t.in_syscall = true;
    for (int i = 0; i < 6; i++) t.args[i] = args[i];
    if (stacks_ && StackTraces::changes_mappings(nr)) stacks_->invalidate();
    t.renaming = renames_tasks() && nr == SYS_prctl && args[0] == PR_SET_NAME;  // -Y: its exit renames the task
    const bool launching = t.hidden;                                            // the launched command's own execve
    if (t.hidden) {
        if (nr != SYS_execve && nr != SYS_execveat) {
            t.printing = false;
            return;
        }
        t.hidden = false;
    }
    t.printing = opt_.trace.traced(nr) && (!paths_ || paths_->matches(t.tid(), t, nr, t.args));
    t.observed = false;
    for (TraceObserver *o : observers_) t.observed |= o->wants(nr);
    if (t.printing || t.observed) t.seq = ++event_seq_;
    if (t.observed) observe_entry(t);
    if (!t.printing) return;
    if (!opt_.inject.empty()) tamper_entry(t, nr);
    if (summary_ && !trace_lines_) {
        t.printing = false;  // -c: counted (by its observer), not decoded
        return;
    }
    if (printer_.needs_durations()) clock_gettime(CLOCK_MONOTONIC, &t.entry_time);
    const SyscallInfo *info = t.info = syscall_by_nr(nr);
    text_.clear();
    Call call(t, dopt_, text_);
    call.set_tid(t.tid());
    call.reset(info, nr, t.args);
    call.set_aux_storage(&t.aux);
    call.set_saved_storage(&t.saved);
    call.set_stack_pointer(t.sp);
    if (nr == SYS_restart_syscall) {
        const SyscallInfo *prev = syscall_by_nr(t.prev_nr);
        call.prev_name = prev ? prev->name : nullptr;
    }
    t.raw = opt_.raw.traced(nr);
    dopt_.abbrev = opt_.abbrev.traced(nr);
    dopt_.verbose = opt_.verbose.traced(nr);
    (info && !t.raw ? info->decode : decode_generic)(call);
    char name[32];
    if (opt_.json) {
        t.json_args = text_;
        clock_gettime(CLOCK_REALTIME, &t.json_time);
    }
    printer_.syscall_entry(t.line, display_name(info, nr, name), text_, printer_.stamp());
    if (stacks_ && !launching && (nr == SYS_exit || nr == SYS_exit_group || nr == SYS_execve || nr == SYS_execveat)) {
        // as strace: taken now, while the program that made the call is still there (the
        // launched command's first execve is walked at its exit: before it, it is wiretrace)
        t.stack.clear();
        stacks_->walk(t.tid(), t.tgid, t.stack, true);
    }
}

int64_t Tracer::count_clock() const {
    if (!opt_.summary_wall_clock) return stop_stime_ns_;
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// The call a task is in, as observers see it (time: now, on the packets' clock).
SyscallEvent Tracer::event_of(Tracee &t) const {
    SyscallEvent ev;
    ev.seq = t.seq;
    ev.tid = t.tid();
    ev.pid = t.tgid;
    if (summary_) ev.count_ns = count_clock();
    ev.nr = t.nr;
    for (int i = 0; i < 6; i++) ev.args[i] = t.args[i];
    timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    ev.time_ns = now.tv_sec * 1000000000LL + now.tv_nsec;
    ev.mem = &t;
    const SyscallInfo *info = syscall_by_nr(t.nr);
    ev.name = info ? info->name : "?";
    return ev;
}

void Tracer::observe_entry(Tracee &t) {
    SyscallEvent ev = event_of(t);
    for (TraceObserver *o : observers_)
        if (o->wants(t.nr)) o->on_entry(ev);
}

void Tracer::observe_exit(Tracee &t, int64_t ret) {
    t.observed = false;
    SyscallEvent ev = event_of(t);
    ev.ret = ret;
    for (TraceObserver *o : observers_)
        if (o->wants(t.nr)) o->on_exit(ev);
}

void Tracer::on_exit(Tracee &t, int64_t ret) {
    t.in_syscall = false;
    if (t.renaming) {
        t.renaming = false;
        if (ret == 0) load_comm(t);
    }
    if (stacks_ && StackTraces::changes_mappings(t.nr)) stacks_->invalidate();
    const bool observed = t.observed;
    if (observed) observe_exit(t, ret);
    if (t.printing) {
        const SyscallInfo *info = t.info;
        text_.clear();
        Call call(t, dopt_, text_);
        call.set_tid(t.tid());
        call.reset(info, t.nr, t.args);
        call.set_aux_storage(&t.aux);
        call.set_saved_storage(&t.saved);
        call.set_stack_pointer(t.sp);
        call.set_exit(ret);
        dopt_.abbrev = opt_.abbrev.traced(t.nr);
        dopt_.verbose = opt_.verbose.traced(t.nr);
        if (info && !t.raw) info->decode(call);  // decode_generic prints everything at entry
        timespec dur{}, *durp = nullptr;
        if (printer_.needs_durations()) {
            timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            dur = timespec_sub(now, t.entry_time);
            durp = &dur;
        }
        note_.clear();
        if (fd_info_ && info) {
            // -y: a new descriptor is described after the number
            if ((info->ret == RetKind::Fd || call.result_fd()) && ret >= 0)
                fd_info_->describe(t.tid(), static_cast<int>(ret), note_);
        }
        char name[32];
        RetKind kind = t.raw ? RetKind::Hex : info ? info->ret : RetKind::Dec;
        std::string_view result = call.result_text();
        int64_t shown = ret;
        if (t.tamper && injected_success(t, ret) && result.empty()) {
            // retval= in the errno range is still a success, printed as a number (strace); a
            // decoder's own result text (its number and a note) stays
            char num[24];
            std::snprintf(num, sizeof num, kind == RetKind::Hex ? "%#llx" : "%llu",
                          static_cast<unsigned long long>(ret));
            scratch_ = num;
            result = scratch_;
            shown = 0;
        }
        printer_.syscall_exit(t.line, display_name(info, t.nr, name), text_, kind, shown, printer_.stamp(), durp, note_,
                              result, tamper_note(t.tamper));
        if (opt_.json) {
            std::string result;
            bool failed = ret < 0 && ret >= -4095;
            if (!call.result_text().empty() && !failed)
                result = call.result_text();
            else
                StracePrinter::format_result(result, kind, ret);
            if (!failed) result += note_;
            json_syscall(t, display_name(info, t.nr, name), text_, result, ret, true);
        }
        if (opt_.dump_read.any || opt_.dump_write.any) {
            // -e read=/write=: the bytes under the line
            int fd = static_cast<int>(t.args[0]);
            text_.clear();
            dump_io(t, t.nr, t.args, ret, ret < 0 && ret >= -4095, opt_.dump_write.has(fd), opt_.dump_read.has(fd),
                    text_);
            if (!text_.empty()) printer_.raw_lines(t.line, text_);
        }
        if (stacks_) print_stack(t);
    }
    if (observed && net_) net_->after_call();  // its packet notes, under its line
    t.prev_nr = t.nr;
    t.tamper = 0;
}

void Tracer::on_signal(Tracee &t, int sig) {
    if (t.hidden || !trace_lines_ || !opt_.signals.shown(sig)) return;
    if (opt_.print.instruction_pointer) note_ip(t);
    char buf[16];
    text_ = "--- ";
    text_ += signal_name(sig, buf);
    text_ += ' ';
    siginfo_t si;
    if (t.siginfo(si)) {
        Call call(t, dopt_, text_);
        call.set_tid(t.tid());
        print_siginfo(call, si);
    } else {
        text_ += "{}";
    }
    text_ += " ---";
    event_line(t, text_, printer_.stamp());
    if (stacks_) print_stack(t);
}

void Tracer::print_stack(Tracee &t) {
    if (opt_.json) return;
    if (t.stack.empty()) stacks_->walk(t.tid(), t.tgid, t.stack, false);
    if (!t.stack.empty()) printer_.raw_lines(t.line, t.stack);
    t.stack.clear();
}

void Tracer::load_comm(Tracee &t) {
    if (!pid_info_ || !(opt_.decode_pids & kDecodePidComm)) return;
    std::string name = pid_info_->comm(t.tid());
    t.line.comm.clear();
    Call::quote_ex(t.line.comm, reinterpret_cast<const unsigned char *>(name.data()), name.size(), false, kHexNone,
                   false, "<>");
}

void Tracer::on_exec(Tracee &t) {
    if (stacks_) stacks_->invalidate();
    load_comm(t);
    if (opt_.detach_on_execve) {
        if (!t.keep_on_exec) return detach_on_exec(t);
        t.keep_on_exec = false;
    }
    for (TraceObserver *o : observers_) o->on_exec(t.tid());
    unsigned long old = 0;
    pid_t leader = t.tid();
    if (t.event_msg(old) && static_cast<pid_t>(old) != leader) {
        // A non-leader thread ran execve: the kernel gave it the leader's pid and reaped the
        // others. Its syscall state moves to the leader's id, as strace does.
        auto it = tracees_.find(static_cast<pid_t>(old));
        if (it != tracees_.end()) {
            std::unique_ptr<Tracee> ex = std::move(it->second);
            tracees_.erase(it);
            printer_.end_open_line(ex->line, " <pid changed to " + std::to_string(leader) + " ...>", kStatusUnfinished);
            remove_tracee(leader);  // the old leader is gone; `t` is dangling from here on
            ex->set_tid(leader);
            Tracee &nt = *(tracees_[leader] = std::move(ex));
            printer_.set_task_count(static_cast<int>(tracees_.size()));
            if (trace_lines_ && !quiet(kQuietThreadExecve)) {
                text_ = "+++ superseded by execve in pid " + std::to_string(old) + " +++";
                event_line(nt, text_, printer_.stamp());
            }
            resume(nt);
            return;
        }
    }
    resume(t);
}

// Whether the call's decoder had more to print at its exit (strace: not RVAL_DECODED at entry),
// which a task that died in the call will never reach: strace then ends the line with
// " <unfinished ...>". Asked of the decoder itself, run as at an exit (the memory is gone; only
// whether it prints anything matters).
bool Tracer::decodes_at_exit(Tracee &t) {
    if (!t.info || t.raw) return false;  // decode_generic prints everything at entry
    std::string scratch;
    Call call(t, dopt_, scratch);
    call.set_tid(t.tid());
    call.reset(t.info, t.nr, t.args);
    uint64_t aux = t.aux;
    std::string saved = t.saved;
    call.set_aux_storage(&aux);
    call.set_saved_storage(&saved);
    call.set_stack_pointer(t.sp);
    call.set_exit(0);
    t.info->decode(call);
    return !scratch.empty() || !call.result_text().empty();
}

// -i at a stop that is not a syscall's: the kernel still reports where the task is.
void Tracer::note_ip(Tracee &t) {
    struct __ptrace_syscall_info info;
    t.line.ip_known = t.syscall_info(info);
    t.line.ip = info.instruction_pointer;
}

void Tracer::on_gone(Tracee &t, const Stop &stop) {
    for (TraceObserver *o : observers_) o->on_task_gone(t.tid());
    if (traffic_) traffic_->process_gone(t.tid());  // (a process's row is its leader's pid)
    Stamp now = printer_.stamp();
    if (t.in_syscall && t.printing) {
        char name[32];
        printer_.syscall_noreturn(t.line, display_name(t.info, t.nr, name), now, decodes_at_exit(t));
        if (opt_.json) json_syscall(t, display_name(t.info, t.nr, name), "", "?", 0, false);
    }
    if (!t.hidden && trace_lines_ && !quiet(kQuietExit)) {
        t.line.ip_known = false;  // (strace: "[????????????????] +++ exited with 0 +++")
        char buf[16];
        if (stop.kind == Stop::Kind::Exited) {
            text_ = "+++ exited with " + std::to_string(stop.code) + " +++";
        } else {
            text_ = "+++ killed by ";
            text_ += signal_name(stop.sig, buf);
            text_ += stop.core ? " (core dumped) +++" : " +++";
        }
        event_line(t, text_, now);
    }
    if (stacks_ && !t.stack.empty()) print_stack(t);  // exit_group's, taken at its entry
    if (t.tid() == child_) exit_status_ = stop.kind == Stop::Kind::Exited ? stop.code : 256 + stop.sig;
    remove_tracee(t.tid());
}

}  // namespace wiretrace
