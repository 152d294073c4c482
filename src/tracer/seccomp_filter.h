// --seccomp-bpf: a BPF program that makes the kernel stop a task (SECCOMP_RET_TRACE) only at
// the calls wiretrace prints, and lets every other call run without a ptrace stop. Compiled
// with libseccomp in the tracer, before fork, so that the command's process only has to load
// it (two prctl calls) between being seized and its execve.
#pragma once

#include <linux/filter.h>

#include <functional>
#include <vector>

namespace wiretrace {

class SeccompProgram {
public:
    // Traces the calls `wanted` selects, plus execve/execveat (the tracer must see the exec);
    // wanted(1 << 20) stands for the numbers no syscall row knows.
    // Throws FatalError when libseccomp fails.
    explicit SeccompProgram(const std::function<bool(long)> &wanted);
    // In the child: PR_SET_NO_NEW_PRIVS unless it may load a filter without it, then the filter.
    // Returns false (errno set) on failure. Async-signal-safe: no allocation.
    bool load() const;
    size_t size() const { return insns_.size(); }

private:
    std::vector<sock_filter> insns_;
};

}  // namespace wiretrace
