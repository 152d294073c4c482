// The one place raw wait statuses are classified. Everything else switches on Stop::Kind.
#pragma once

#include <sys/types.h>

namespace wiretrace {

struct Stop {
    enum class Kind {
        Syscall,         // syscall-entry or -exit stop (PTRACE_O_TRACESYSGOOD)
        Seccomp,         // PTRACE_EVENT_SECCOMP
        SignalDelivery,  // a signal is about to be delivered; `sig` must be re-injected
        GroupStop,       // PTRACE_EVENT_STOP with a stopping signal: the task is stopped
        Interrupt,       // PTRACE_EVENT_STOP otherwise: PTRACE_INTERRUPT, or a new task's first stop
        Fork,            // PTRACE_EVENT_FORK / VFORK / CLONE: the new task id is in the event message
        Exec,            // PTRACE_EVENT_EXEC: the former tid is in the event message
        OtherEvent,      // EXIT, VFORK_DONE: nothing to do but resume
        Exited,          // the task is gone: `code` is its exit status
        Killed,          // the task is gone: killed by `sig`, `core` if it dumped core
    };
    Kind kind;
    int sig = 0;
    int code = 0;
    int event = 0;
    bool core = false;

    static Stop classify(int status);
    bool gone() const { return kind == Kind::Exited || kind == Kind::Killed; }
};

}  // namespace wiretrace
