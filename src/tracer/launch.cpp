// Starting to trace: launching the command (prepared before fork so that the child only makes
// system calls: path, environment, user), attaching to -p processes with a hint when that is
// refused, and detaching from everyone at the end.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common.h"
#include "tracer/tracer.h"

namespace wiretrace {

namespace {
// The ptrace options every tracee gets, and those -f adds.
constexpr long k_base_options = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC;
constexpr long k_follow_options = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;

std::string hex_text(long v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%#lx", v);
    return buf;
}

// The command as strace resolves it: a name without '/' is looked up in PATH.
std::string resolve_command(const std::string &name) {
    struct stat st;
    if (name.size() >= PATH_MAX) throw FatalError(std::string("exec: ") + strerror(ENAMETOOLONG));  // strace's words
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

// Why PTRACE_SEIZE said EPERM, as far as /proc tells: another tracer holds the task (a task
// has one at a time), ptrace is switched off, or privileges.
std::string attach_hint(pid_t tid) {
    char path[64], buf[1024];
    std::snprintf(path, sizeof path, "/proc/%d/status", tid);
    pid_t tracer = 0;
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n > 0) {
            buf[n] = '\0';
            if (const char *p = strstr(buf, "\nTracerPid:")) tracer = static_cast<pid_t>(atoi(p + 11));
        }
    }
    if (tracer > 0) {
        std::string comm = "?";
        std::snprintf(path, sizeof path, "/proc/%d/comm", tracer);
        fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t n = ::read(fd, buf, sizeof buf - 1);
            ::close(fd);
            if (n > 0) comm.assign(buf, static_cast<size_t>(buf[n - 1] == '\n' ? n - 1 : n));
        }
        return "process " + std::to_string(tid) + " is already traced by process " + std::to_string(tracer) + " (" +
               comm + "); a process has one tracer at a time";
    }
    int scope = -1;
    fd = ::open("/proc/sys/kernel/yama/ptrace_scope", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n > 0) scope = atoi(buf);
    }
    if (scope == 3) return "ptrace is switched off on this machine (/proc/sys/kernel/yama/ptrace_scope is 3)";
    if (geteuid() == 0)
        return "even root may not trace this process here (another user namespace's, or its init)" +
               std::string(scope > 0 ? "; Yama ptrace_scope is " + std::to_string(scope) : "");
    return "attaching needs CAP_SYS_PTRACE or the same user" +
           std::string(scope > 0 ? ", and Yama's ptrace_scope " + std::to_string(scope) +
                                       " allows only descendants (/proc/sys/kernel/yama/ptrace_scope)"
                                 : "");
}

}  // namespace

namespace {
// Everything the command's process needs to become the command, prepared before fork so
// that the child only makes system calls.
struct LaunchPlan {
    std::string path;
    std::vector<std::string> args, env;
    bool set_user = false;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string user;
};

LaunchPlan make_plan(const Options &opt) {
    LaunchPlan plan;
    plan.path = resolve_command(opt.command[0]);
    plan.args = opt.command;
    for (char **e = environ; *e; e++) plan.env.emplace_back(*e);
    for (const std::string &change : opt.env) {
        // -E VAR=VAL sets, -E VAR removes; later ones win
        std::string var = change.substr(0, change.find('='));
        plan.env.erase(std::remove_if(plan.env.begin(), plan.env.end(),
                                      [&](const std::string &kv) {
                                          return kv.compare(0, var.size(), var) == 0 && kv.size() > var.size() &&
                                                 kv[var.size()] == '=';
                                      }),
                       plan.env.end());
        if (change.find('=') != std::string::npos) plan.env.push_back(change);
    }
    if (!opt.user.empty()) {
        passwd *pw = getpwnam(opt.user.c_str());
        if (!pw) throw FatalError("Cannot find user '" + opt.user + "'");
        plan.set_user = true;
        plan.uid = pw->pw_uid;
        plan.gid = pw->pw_gid;
        plan.user = opt.user;
    }
    return plan;
}

[[noreturn]] void child_fail(const char *what) {
    std::string msg = std::string("wiretrace: ") + what + ": " + strerror(errno) + "\n";
    (void)!::write(STDERR_FILENO, msg.data(), msg.size());
    _exit(1);
}

// In the command's process: drop to -u's user, then execve with -E's environment.
[[noreturn]] void become_command(const LaunchPlan &plan, const SeccompProgram *filter) {
    if (filter && !filter->load()) {
        // No filter here (seccomp unavailable, or refused): the tracer is told by a SIGUSR2 it
        // sees and swallows, and stops this command at every call instead.
        sigset_t usr2, old;
        sigemptyset(&usr2);
        sigaddset(&usr2, SIGUSR2);
        sigprocmask(SIG_UNBLOCK, &usr2, &old);
        raise(SIGUSR2);
        sigprocmask(SIG_SETMASK, &old, nullptr);
    }
    if (plan.set_user) {
        if (initgroups(plan.user.c_str(), plan.gid) < 0) child_fail("initgroups");
        if (setregid(plan.gid, plan.gid) < 0) child_fail("setregid");
        if (setreuid(plan.uid, plan.uid) < 0) child_fail("setreuid");
    }
    std::vector<char *> argv, envp;
    for (const auto &a : plan.args) argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto &e : plan.env) envp.push_back(const_cast<char *>(e.c_str()));
    envp.push_back(nullptr);
    execve(plan.path.c_str(), argv.data(), envp.data());
    child_fail("exec");
}
}  // namespace

void Tracer::launch() {
    LaunchPlan plan = make_plan(opt_);
    long opts = k_base_options | (opt_.follow_forks ? k_follow_options : 0) | (seccomp_ ? PTRACE_O_TRACESECCOMP : 0);
    if (opt_.debug) message("ptrace_setoptions = " + hex_text(opts));
    if (opt_.daemonize) {
        // -D: this process becomes the command (it stays its shell's child); the tracer runs
        // in a grandchild, in its own process group (-DD) or session (-DDD).
        int sync[2];
        if (pipe2(sync, O_CLOEXEC) < 0) throw FatalError(std::string("pipe: ") + strerror(errno));
        pid_t command = getpid();
        pid_t middle = fork();
        if (middle < 0) throw FatalError(std::string("fork: ") + strerror(errno));
        if (middle == 0) {
            if (opt_.daemonize == 2) setpgid(0, 0);
            if (opt_.daemonize == 3) setsid();
            pid_t tracer = fork();
            if (tracer != 0) _exit(tracer < 0);
            ::close(sync[0]);
            start_capture();  // before the command goes on
            if (ptrace(PTRACE_SEIZE, command, 0L, opts) < 0) {
                int e = errno;
                kill(command, SIGKILL);
                throw FatalError(std::string("ptrace(PTRACE_SEIZE): ") + strerror(e));
            }
            ptrace(PTRACE_INTERRUPT, command, 0L, 0L);
            child_ = command;
            Tracee &t = add_tracee(command);
            t.hidden = true;
            t.keep_on_exec = true;
            ::close(sync[1]);  // the command may go on
            return;
        }
        ::close(sync[1]);
        int status;
        while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {
        }
        char byte;
        while (::read(sync[0], &byte, 1) < 0 && errno == EINTR) {
        }
        ::close(sync[0]);
        become_command(plan, seccomp_program_.get());
    }
    pid_t pid = fork();
    if (pid < 0) throw FatalError(std::string("fork: ") + strerror(errno));
    if (pid == 0) {
        // Wait, stopped, until the tracer has seized us; then become the command.
        raise(SIGSTOP);
        become_command(plan, seccomp_program_.get());
    }
    int status = 0;
    pid_t got;
    // (the capture thread's wake-up signal may interrupt the wait: packets come before the command)
    while ((got = waitpid(pid, &status, WSTOPPED)) < 0 && errno == EINTR) {
    }
    if (got < 0 || !WIFSTOPPED(status)) {
        kill(pid, SIGKILL);
        throw FatalError("the command did not start");
    }
    // As strace: if wiretrace dies (even by SIGKILL) the command runs on, untraced - except
    // under the seccomp filter, whose traced calls would fail with ENOSYS without a tracer:
    // then the command goes with it (strace's --seccomp-bpf implies --kill-on-exit too).
    if (ptrace(PTRACE_SEIZE, pid, 0L, opts | (seccomp_ || opt_.kill_on_exit ? PTRACE_O_EXITKILL : 0)) < 0) {
        int e = errno;
        kill(pid, SIGKILL);
        throw FatalError(std::string("ptrace(PTRACE_SEIZE): ") + strerror(e),
                         e == EPERM ? "Could not attach: are ptrace and CAP_SYS_PTRACE allowed here?" : "");
    }
    child_ = pid;
    Tracee &t = add_tracee(pid);
    t.hidden = true;        // its stops before execve are ours, not the command's
    t.keep_on_exec = true;  // -b execve: its own execve is the command starting
    kill(pid, SIGCONT);
}

void Tracer::attach_all() {
    long opts = k_base_options | (opt_.follow_forks ? k_follow_options : 0);
    if (opt_.debug && opt_.command.empty()) message("ptrace_setoptions = " + hex_text(opts));
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
                if (e == EPERM) msg += "\nwiretrace: hint: " + attach_hint(tid);
                message(msg);
                if (!attached) break;  // one line for the process, as strace: not one per thread
                continue;
            }
            add_tracee(tid);
            ptrace(PTRACE_INTERRUPT, tid, 0L, 0L);
            attached++;
            if (net_ && tid == pid) net_->correlator().attached(pid);
        }
        if (attached && !quiet(kQuietAttach)) {
            if (attached > 1)
                message("Process " + std::to_string(pid) + " attached with " + std::to_string(attached) + " threads");
            else
                message("Process " + std::to_string(pid) + " attached");
        }
    }
}

// -b execve: a task that ran execve leaves the trace (it is in the exec stop).
void Tracer::detach_on_exec(Tracee &t) {
    pid_t tid = t.tid();
    printer_.end_open_line(t.line, " <detached ...>", kStatusDetached);
    t.resume(Resume::Detach);
    if (!quiet(kQuietAttach)) message("Process " + std::to_string(tid) + " detached");
    remove_tracee(tid);
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
        printer_.end_open_line(t.line, " <detached ...>", kStatusDetached);
        t.resume(Resume::Detach, sig);
        if (!quiet(kQuietAttach) && tid != child_) message("Process " + std::to_string(tid) + " detached");
        remove_tracee(tid);
    }
}

}  // namespace wiretrace
