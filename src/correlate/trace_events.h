// What the ptrace loop tells the rest of the system: a syscall's entry and exit, a new task,
// an exec, a task's end. The tracer calls every TraceObserver it was given (the correlator's
// socket map is one); observers read the tracee's memory only through the event's RemoteMemory
// and only while the call is being reported.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string_view>

#include "decode/decoder.h"

namespace wiretrace {

struct SyscallEvent {
    uint64_t seq = 0;  // 1-based, one counter for every call observers see (entry and exit share it)
    pid_t tid = 0;
    pid_t pid = 0;  // its process, when the tracer knows it (-c per process, --json); else 0
    long nr = -1;
    uint64_t args[6] = {};
    int64_t ret = 0;              // at exit
    int64_t time_ns = 0;          // CLOCK_REALTIME, when the stop was handled (packet clock)
    int64_t count_ns = 0;         // -c's clock: the tracees' system time at this stop, or monotonic (-w)
    RemoteMemory *mem = nullptr;  // the calling task's memory
    std::string_view name;        // "sendto" (a NUL-terminated table name)
};

class TraceObserver {
public:
    virtual ~TraceObserver() = default;
    // Whether the observer wants this call's entry and exit (asked once per entry).
    virtual bool wants(long nr) const = 0;
    virtual void on_entry(const SyscallEvent &) {}
    virtual void on_exit(const SyscallEvent &) {}
    // A task that will not report the exit of the call it was in (killed, exec'ed, detached).
    virtual void on_task_gone(pid_t) {}
    // The process of `tid` replaced its program: its close-on-exec descriptors are gone.
    virtual void on_exec(pid_t) {}
};

}  // namespace wiretrace
