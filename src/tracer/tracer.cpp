#include "tracer/tracer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <vector>

#include "common.h"
#include "decoders.h"
#include "syscalls/syscall_table.h"

namespace wiretrace {

namespace {
volatile sig_atomic_t g_interrupted = 0;
volatile sig_atomic_t g_flush_due = 0;

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
}

timespec diff(const timespec &a, const timespec &b) {
    timespec d{a.tv_sec - b.tv_sec, a.tv_nsec - b.tv_nsec};
    if (d.tv_nsec < 0) {
        d.tv_sec--;
        d.tv_nsec += 1000000000L;
    }
    return d;
}

// The command as strace resolves it: a name without '/' is looked up in PATH.
std::string resolve_command(const std::string &name) {
    struct stat st;
    if (name.find('/') == std::string::npos) {
        const char *path = getenv("PATH");
        std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
        size_t i = 0;
        while (i <= p.size()) {
            size_t j = p.find(':', i);
            if (j == std::string::npos) j = p.size();
            std::string dir = p.substr(i, j - i);
            std::string cand = (dir.empty() ? std::string(".") : dir) + "/" + name;
            if (stat(cand.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(cand.c_str(), X_OK) == 0) return cand;
            i = j + 1;
        }
    } else if (stat(name.c_str(), &st) == 0) {
        return name;
    }
    throw FatalError("Can't stat '" + name + "': " + strerror(ENOENT));
}

// "read", or "syscall_0x1f4" for a number no row knows (strace's spelling).
std::string_view display_name(const SyscallInfo *info, long nr, char (&buf)[32]) {
    if (info) return info->name;
    int n = std::snprintf(buf, sizeof buf, "syscall_%#lx", static_cast<unsigned long>(nr));
    return std::string_view(buf, static_cast<size_t>(n));
}

constexpr long k_base_options = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC;
constexpr long k_follow_options = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;
}  // namespace

[[noreturn]] void check_failed(const char *cond, const char *file, int line) {
    std::fprintf(stderr, "wiretrace: internal error: CHECK(%s) failed at %s:%d\n", cond, file, line);
    std::abort();
}

Tracer::Tracer(const Options &opt)
    : opt_(opt),
      printer_(out_, PrinterOptions{
                         .timestamps = opt.timestamps,
                         .syscall_times = opt.syscall_times,
                         .plain_pid_prefix = !opt.output_file.empty() &&
                                             (opt.follow_forks || opt.attach_pids.size() + !opt.command.empty() > 1),
                         .bracket_pid_prefix = opt.output_file.empty(),
                         .align_column = opt.align_column,
                     }) {
    dopt_.max_strlen = opt.max_strlen;
    text_.reserve(4096);
    open_output();
}

Tracer::~Tracer() {
    out_.close();
}

void Tracer::open_output() {
    if (opt_.output_file.empty()) {
        out_.open(STDERR_FILENO, false, isatty(STDERR_FILENO));
        trace_to_stderr_ = true;
        return;
    }
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (opt_.append ? O_APPEND : O_TRUNC);
    int fd = ::open(opt_.output_file.c_str(), flags, 0666);
    if (fd < 0) throw FatalError("Can't fopen '" + opt_.output_file + "': " + strerror(errno));
    out_.open(fd, true, isatty(fd));
    trace_to_stderr_ = false;
}

void Tracer::message(const std::string &text) {
    printer_.close_open_line();
    if (trace_to_stderr_) out_.flush();
    std::string line = "wiretrace: " + text + "\n";
    (void)!::write(STDERR_FILENO, line.data(), line.size());
}

Tracee &Tracer::add_tracee(pid_t tid) {
    auto &slot = tracees_[tid];
    if (!slot) slot = std::make_unique<Tracee>(tid);
    printer_.set_task_count(static_cast<int>(tracees_.size()));
    return *slot;
}

void Tracer::remove_tracee(pid_t tid) {
    auto it = tracees_.find(tid);
    if (it == tracees_.end()) return;
    printer_.forget(it->second->line);
    tracees_.erase(it);
    printer_.set_task_count(static_cast<int>(tracees_.size()));
}

void Tracer::launch() {
    std::string path = resolve_command(opt_.command[0]);
    std::vector<char *> argv;
    for (const auto &a : opt_.command) argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid < 0) throw FatalError(std::string("fork: ") + strerror(errno));
    if (pid == 0) {
        // Wait, stopped, until the tracer has seized us; then become the command.
        raise(SIGSTOP);
        execv(path.c_str(), argv.data());
        int e = errno;
        std::string msg = "wiretrace: exec: " + std::string(strerror(e)) + "\n";
        (void)!::write(STDERR_FILENO, msg.data(), msg.size());
        _exit(1);
    }
    int status = 0;
    if (waitpid(pid, &status, WSTOPPED) < 0 || !WIFSTOPPED(status)) {
        kill(pid, SIGKILL);
        throw FatalError("the command did not start");
    }
    long opts = k_base_options | PTRACE_O_EXITKILL | (opt_.follow_forks ? k_follow_options : 0);
    if (ptrace(PTRACE_SEIZE, pid, 0L, opts) < 0) {
        int e = errno;
        kill(pid, SIGKILL);
        throw FatalError(std::string("ptrace(PTRACE_SEIZE): ") + strerror(e),
                         e == EPERM ? "Could not attach: are ptrace and CAP_SYS_PTRACE allowed here?" : "");
    }
    child_ = pid;
    Tracee &t = add_tracee(pid);
    t.hidden = true;  // its stops before execve are ours, not the command's
    kill(pid, SIGCONT);
}

void Tracer::attach_all() {
    long opts = k_base_options | (opt_.follow_forks ? k_follow_options : 0);
    for (pid_t pid : opt_.attach_pids) {
        std::vector<pid_t> tids;
        std::string dir = "/proc/" + std::to_string(pid) + "/task";
        if (DIR *d = opendir(dir.c_str())) {
            while (dirent *e = readdir(d))
                if (e->d_name[0] != '.') tids.push_back(static_cast<pid_t>(atoi(e->d_name)));
            closedir(d);
        }
        if (tids.empty()) tids.push_back(pid);  // let ptrace say why
        int attached = 0;
        for (pid_t tid : tids) {
            if (tracees_.count(tid)) continue;
            if (ptrace(PTRACE_SEIZE, tid, 0L, opts) < 0) {
                int e = errno;
                if (tid != pid && e == ESRCH) continue;  // a thread that just exited
                std::string msg = "attach: ptrace(PTRACE_SEIZE, " + std::to_string(tid) + "): " + strerror(e);
                if (e == EPERM)
                    msg +=
                        "\nwiretrace: hint: attaching needs CAP_SYS_PTRACE or the same user, and a Yama "
                        "ptrace_scope that allows it (/proc/sys/kernel/yama/ptrace_scope)";
                message(msg);
                continue;
            }
            add_tracee(tid);
            ptrace(PTRACE_INTERRUPT, tid, 0L, 0L);
            attached++;
        }
        if (attached && opt_.quiet == 0) {
            if (attached > 1)
                message("Process " + std::to_string(pid) + " attached with " + std::to_string(attached) + " threads");
            else
                message("Process " + std::to_string(pid) + " attached");
        }
    }
}

timespec Tracer::now_for_line() const {
    timespec ts{};
    if (printer_.needs_timestamps()) clock_gettime(CLOCK_REALTIME, &ts);
    return ts;
}

int Tracer::run() {
    install_handlers();
    if (!opt_.command.empty()) launch();
    attach_all();
    if (tracees_.empty()) return 1;

    while (!tracees_.empty()) {
        if (!out_.empty() && !timer_armed_) {
            itimerval it{};
            it.it_value.tv_usec = 100000;
            setitimer(ITIMER_REAL, &it, nullptr);
            timer_armed_ = true;
        }
        int status = 0;
        pid_t pid = waitpid(-1, &status, __WALL);
        if (pid < 0) {
            if (errno == EINTR) {
                if (g_interrupted) break;
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
            if (stop.gone()) continue;  // not ours
            t = &add_tracee(pid);       // a new child of a followed task, auto-attached
            if (opt_.quiet == 0) message("Process " + std::to_string(pid) + " attached");
        }
        handle(*t, stop);
        if (g_interrupted) break;
        maybe_flush();
    }
    out_.flush();
    if (g_interrupted) {
        // As strace: detach everyone, then die of the signal we were killed with.
        detach_all();
        out_.flush();
        return 256 + g_interrupted;
    }
    return exit_status_;
}

void Tracer::maybe_flush() {
    if (g_flush_due) {
        g_flush_due = 0;
        timer_armed_ = false;
        out_.flush();
    }
}

void Tracer::handle(Tracee &t, const Stop &stop) {
    using K = Stop::Kind;
    switch (stop.kind) {
        case K::Syscall:
            on_syscall_stop(t);
            t.resume(Resume::Syscall);
            return;
        case K::SignalDelivery:
            on_signal(t, stop.sig);
            t.resume(Resume::Syscall, stop.sig);
            return;
        case K::GroupStop:
            if (!t.hidden && opt_.signals.shown(stop.sig)) {
                char buf[16];
                text_ = "--- stopped by ";
                text_ += signal_name(stop.sig, buf);
                text_ += " ---";
                printer_.event_line(t.line, text_, now_for_line());
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
        case K::Seccomp:
        case K::Interrupt:
        case K::Fork:
        case K::OtherEvent:
            t.resume(Resume::Syscall);
            return;
    }
}

void Tracer::on_syscall_stop(Tracee &t) {
    struct __ptrace_syscall_info info;
    if (!t.syscall_info(info)) return;
    if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
        uint64_t args[6];
        for (int i = 0; i < 6; i++) args[i] = info.entry.args[i];
        on_entry(t, static_cast<long>(info.entry.nr), args);
    } else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
        if (t.in_syscall) on_exit(t, info.exit.rval);
    }
}

void Tracer::on_entry(Tracee &t, long nr, const uint64_t (&args)[6]) {
    t.nr = nr;
    t.in_syscall = true;
    for (int i = 0; i < 6; i++) t.args[i] = args[i];
    if (t.hidden) {
        if (nr != SYS_execve && nr != SYS_execveat) {
            t.printing = false;
            return;
        }
        t.hidden = false;
    }
    t.printing = opt_.trace.traced(nr);
    if (!t.printing) return;
    if (printer_.needs_durations()) clock_gettime(CLOCK_MONOTONIC, &t.entry_time);
    const SyscallInfo *info = t.info = syscall_by_nr(nr);
    text_.clear();
    Call call(t, dopt_, text_);
    call.reset(info, nr, t.args);
    call.set_aux_storage(&t.aux);
    if (nr == SYS_restart_syscall) {
        const SyscallInfo *prev = syscall_by_nr(t.prev_nr);
        call.prev_name = prev ? prev->name : nullptr;
    }
    (info ? info->decode : decode_generic)(call);
    char name[32];
    printer_.syscall_entry(t.line, display_name(info, nr, name), text_, now_for_line());
}

void Tracer::on_exit(Tracee &t, int64_t ret) {
    t.in_syscall = false;
    if (t.printing) {
        const SyscallInfo *info = t.info;
        text_.clear();
        Call call(t, dopt_, text_);
        call.reset(info, t.nr, t.args);
        call.set_aux_storage(&t.aux);
        call.set_exit(ret);
        if (info) info->decode(call);  // decode_generic prints everything at entry
        timespec dur{}, *durp = nullptr;
        if (printer_.needs_durations()) {
            timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            dur = diff(now, t.entry_time);
            durp = &dur;
        }
        char name[32];
        printer_.syscall_exit(t.line, display_name(info, t.nr, name), text_, info ? info->ret : RetKind::Dec, ret,
                              now_for_line(), durp);
    }
    t.prev_nr = t.nr;
}

void Tracer::on_signal(Tracee &t, int sig) {
    if (t.hidden || !opt_.signals.shown(sig)) return;
    char buf[16];
    text_ = "--- ";
    text_ += signal_name(sig, buf);
    text_ += ' ';
    siginfo_t si;
    if (t.siginfo(si)) {
        Call call(t, dopt_, text_);
        print_siginfo(call, si);
    } else {
        text_ += "{}";
    }
    text_ += " ---";
    printer_.event_line(t.line, text_, now_for_line());
}

void Tracer::on_exec(Tracee &t) {
    unsigned long old = 0;
    pid_t leader = t.tid();
    if (t.event_msg(old) && static_cast<pid_t>(old) != leader) {
        // A non-leader thread ran execve: the kernel gave it the leader's pid and reaped the
        // others. Its syscall state moves to the leader's id, as strace does.
        auto it = tracees_.find(static_cast<pid_t>(old));
        if (it != tracees_.end()) {
            std::unique_ptr<Tracee> ex = std::move(it->second);
            tracees_.erase(it);
            printer_.end_open_line(ex->line, " <pid changed to " + std::to_string(leader) + " ...>");
            remove_tracee(leader);  // the old leader is gone; `t` is dangling from here on
            ex->set_tid(leader);
            Tracee &nt = *(tracees_[leader] = std::move(ex));
            printer_.set_task_count(static_cast<int>(tracees_.size()));
            text_ = "+++ superseded by execve in pid " + std::to_string(old) + " +++";
            printer_.event_line(nt.line, text_, now_for_line());
            nt.resume(Resume::Syscall);
            return;
        }
    }
    t.resume(Resume::Syscall);
}

void Tracer::on_gone(Tracee &t, const Stop &stop) {
    timespec now = now_for_line();
    if (t.in_syscall && t.printing) {
        char name[32];
        printer_.syscall_noreturn(t.line, display_name(t.info, t.nr, name), now);
    }
    if (!t.hidden && opt_.quiet < 2) {
        char buf[16];
        if (stop.kind == Stop::Kind::Exited) {
            text_ = "+++ exited with " + std::to_string(stop.code) + " +++";
        } else {
            text_ = "+++ killed by ";
            text_ += signal_name(stop.sig, buf);
            text_ += stop.core ? " (core dumped) +++" : " +++";
        }
        printer_.event_line(t.line, text_, now);
    }
    if (t.tid() == child_) exit_status_ = stop.kind == Stop::Kind::Exited ? stop.code : 256 + stop.sig;
    remove_tracee(t.tid());
}

void Tracer::detach_all() {
    std::vector<pid_t> tids;
    for (auto &kv : tracees_) tids.push_back(kv.first);
    for (pid_t tid : tids) {
        auto it = tracees_.find(tid);
        if (it == tracees_.end()) continue;
        Tracee &t = *it->second;
        int sig = 0;
        bool gone = false;
        t.interrupt();  // ESRCH: dead, or in a stop not collected yet; the wait below tells
        for (;;) {
            int status = 0;
            pid_t r = waitpid(tid, &status, __WALL);
            if (r < 0) {
                if (errno == EINTR) continue;
                gone = true;
                break;
            }
            Stop s = Stop::classify(status);
            if (s.gone()) {
                on_gone(t, s);
                gone = true;
                break;
            }
            if (s.kind == Stop::Kind::SignalDelivery) sig = s.sig;
            break;
        }
        if (gone) continue;
        printer_.end_open_line(t.line, " <detached ...>");
        t.resume(Resume::Detach, sig);
        if (opt_.quiet == 0 && tid != child_) message("Process " + std::to_string(tid) + " detached");
        remove_tracee(tid);
    }
}

}  // namespace wiretrace
