// -k / --stack-trace: a task's user stack at a syscall stop, unwound remotely with
// libunwind-ptrace and printed as strace prints it:
//   " > /usr/lib/x86_64-linux-gnu/libc.so.6(__write+0x14) [0x114a64]"
// Frames are placed in the process's mappings, read from /proc/PID/maps once and kept until a
// call that changes mappings (mmap, munmap, mprotect, mremap, brk, shmat, shmdt, execve, ...)
// is seen in any task; threads of one process share the copy.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace wiretrace {

class StackTraces {
public:
    StackTraces();
    ~StackTraces();
    StackTraces(const StackTraces &) = delete;
    StackTraces &operator=(const StackTraces &) = delete;

    // Whether syscall `nr` may change a process's mappings (strace's MEMORY_MAPPING_CHANGE).
    static bool changes_mappings(long nr);
    // The mappings everyone knows may be stale (after such a call, an exec).
    void invalidate() { generation_++; }
    // Appends the stack of stopped task `tid` (of process `tgid`) to `out`, a line per frame.
    // A frame without a symbol is "(+0x0)" in a stack kept to be printed later, "()" in one
    // printed at once (strace formats the two differently).
    void walk(pid_t tid, pid_t tgid, std::string &out, bool kept);
    void forget_task(pid_t tid);
    void forget_process(pid_t tgid) { maps_.erase(tgid); }

private:
    struct Mapping {
        uint64_t start, end, offset;
        bool exec;
        std::string path;
    };
    struct Maps {
        unsigned generation = 0;
        std::vector<Mapping> list;  // ascending, not overlapping
    };
    const Maps *maps_of(pid_t tid, pid_t tgid);
    const Mapping *find(const Maps &m, uint64_t ip) const;

    void *space_ = nullptr;                       // unw_addr_space_t
    std::unordered_map<pid_t, void *> contexts_;  // _UPT_create per task
    std::unordered_map<pid_t, Maps> maps_;        // per process
    unsigned generation_ = 1;
    unsigned flushed_generation_ = 1;  // libunwind's caches were flushed for this one
    std::string name_;                 // symbol buffer, reused
};

}  // namespace wiretrace
