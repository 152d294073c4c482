// One traced thread. Every ptrace request and every read of its memory goes through here;
// ESRCH from any of them means "gone", which callers treat as a state, not an error.
#pragma once

#include <sys/ptrace.h>
#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "decode/decoder.h"
#include "output/strace_printer.h"

namespace wiretrace {

enum class Resume { Syscall, Cont, Listen, Detach };

class Tracee : public RemoteMemory {
public:
    explicit Tracee(pid_t tid) : tid_(tid) { line.pid = tid; }

    pid_t tid() const { return tid_; }
    void set_tid(pid_t tid) {
        tid_ = tid;
        line.pid = tid;
    }

    // false when the task is gone (ESRCH) or the request failed.
    bool resume(Resume how, int sig = 0);
    bool interrupt();
    bool syscall_info(struct __ptrace_syscall_info &info);
    bool siginfo(siginfo_t &si);
    bool event_msg(unsigned long &msg);
    size_t read(RemoteAddr addr, void *dst, size_t len) override;
    // Tampering (-e inject=): at a syscall-entry stop, the call to run instead (-1: none); at
    // the exit stop, the value it returns; bytes written into its memory (how many were).
    bool set_syscall_nr(long nr);
    bool set_return(int64_t value);
    size_t write(uint64_t addr, const void *src, size_t len);

    // ---- state the tracer keeps per task
    TaskLine line;
    bool in_syscall = false;            // between entry and exit stops
    bool printing = false;              // the current syscall is traced (entry printed)
    bool hidden = false;                // launched child before its execve: print nothing
    bool keep_on_exec = false;          // -b execve: the launched command's first execve is not a reason to detach
    long nr = -1;                       // current (or last) syscall number
    const SyscallInfo *info = nullptr;  // its row, looked up once at entry (null: unknown number)
    long prev_nr = 0;                   // the one before, for restart_syscall ("read" by default, as strace)
    uint64_t args[6] = {};
    uint64_t sp = 0;        // stack pointer at the last syscall stop (rt_sigreturn's frame)
    bool raw = false;       // -e raw=: the current call is printed undecoded
    bool observed = false;  // an observer (-c's counter, the correlator) follows the current call
    bool renaming = false;  // -Y: the current call is prctl(PR_SET_NAME): its exit renames the task
    uint64_t seq = 0;       // its event number
    pid_t tgid = 0;         // the process it belongs to (known with --summary-per-pid, --json, -k)
    uint64_t aux = 0;       // a decoder's value kept from entry to exit
    std::string saved;      // and its text (rarely used: empty, it holds no memory)
    timespec entry_time{};
    std::string json_args;                   // --json: the arguments printed at entry
    timespec json_time{};                    // --json: the entry's wall-clock time
    std::unique_ptr<SinkBuffer> own_output;  // -ff: this task's file
    std::unique_ptr<SinkBuffer> pending;     // -e status: its syscall line until the outcome is known
    // -e inject=: occurrences left per syscall number (copied from the table at the task's
    // first tampered call), and what was done to the current call (TamperBits).
    struct InjectCount {
        uint16_t first, last;
    };
    std::vector<InjectCount> inject_counts;
    unsigned tamper = 0;
    int inject_signal = 0;  // delivered when the task is resumed from the entry stop
    timespec delay{};       // the task waits this long before it is resumed
    std::string stack;      // -k: the stack taken at the entry of a call that may not return

private:
    pid_t tid_;
};

}  // namespace wiretrace
