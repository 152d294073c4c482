// -P PATH / --trace-path: only the calls that touch one of the paths, by a path argument or
// through a descriptor open on it (strace's pathtrace: the descriptor's target is read from
// /proc/PID/fd at the call's entry; only with -P, never on the default path).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "decode/decoder.h"

namespace wiretrace {

class PathFilter {
public:
    // Each path, and its real path when that differs: strace's "Requested path ... resolved
    // into ..." notes go to `notes` (unless quiet=path-resolution).
    PathFilter(const std::vector<std::string> &paths, bool quiet, std::vector<std::string> &notes);
    // Whether call `nr` of task `tid` with these arguments touches one of the paths.
    bool matches(pid_t tid, RemoteMemory &mem, long nr, const uint64_t (&args)[6]) const;

private:
    bool path_is(const std::string &p) const;
    bool fd_matches(pid_t tid, int64_t fd) const;
    bool upath_matches(RemoteMemory &mem, uint64_t addr) const;
    bool fd_set_matches(pid_t tid, RemoteMemory &mem, const uint64_t (&args)[6]) const;
    bool pollfd_matches(pid_t tid, RemoteMemory &mem, uint64_t start, uint64_t n) const;
    std::vector<std::string> paths_;
};

}  // namespace wiretrace
