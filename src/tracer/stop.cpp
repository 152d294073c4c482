#include "tracer/stop.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

namespace wiretrace {

Stop Stop::classify(int status) {
    Stop s{Kind::OtherEvent};
    if (WIFEXITED(status)) {
        s.kind = Kind::Exited;
        s.code = WEXITSTATUS(status);
        return s;
    }
    if (WIFSIGNALED(status)) {
        s.kind = Kind::Killed;
        s.sig = WTERMSIG(status);
        s.core = WCOREDUMP(status);
        return s;
    }
    s.sig = WSTOPSIG(status);
    s.event = static_cast<unsigned>(status) >> 16;
    if (s.sig == (SIGTRAP | 0x80)) {
        s.kind = Kind::Syscall;
        s.sig = 0;
        return s;
    }
    switch (s.event) {
        case 0:
            s.kind = Kind::SignalDelivery;
            break;
        case PTRACE_EVENT_STOP:
            s.kind = (s.sig == SIGSTOP || s.sig == SIGTSTP || s.sig == SIGTTIN || s.sig == SIGTTOU) ? Kind::GroupStop
                                                                                                    : Kind::Interrupt;
            break;
        case PTRACE_EVENT_FORK:
        case PTRACE_EVENT_VFORK:
        case PTRACE_EVENT_CLONE:
            s.kind = Kind::Fork;
            break;
        case PTRACE_EVENT_EXEC:
            s.kind = Kind::Exec;
            break;
        case PTRACE_EVENT_SECCOMP:
            s.kind = Kind::Seccomp;
            break;
        default:
            s.kind = Kind::OtherEvent;
            break;
    }
    return s;
}

}  // namespace wiretrace
