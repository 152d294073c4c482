// -c / -C: strace's summary table (time, seconds, usecs/call, calls, errors, syscall), and
// beyond strace, one table per process (--summary-per-pid). Counting is a few additions per
// call into arrays sized by the syscall table: no allocation on the hot path once a process
// has its row set.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "output/outbuf.h"

namespace wiretrace {

enum class SummarySort { Time, MinTime, MaxTime, AvgTime, Calls, Errors, Name, Nothing };
// -U: the table's columns, in order.
enum class SummaryColumn { TimePercent, TotalTime, MinTime, MaxTime, AvgTime, Calls, Errors, Name };
std::vector<SummaryColumn> default_summary_columns();

struct SyscallCount {
    uint64_t calls = 0;
    uint64_t errors = 0;
    int64_t ns = 0;  // total time
    int64_t min_ns = INT64_MAX;
    int64_t max_ns = 0;
};

class Summary {
public:
    // `nrows`: one past the largest syscall number that can be counted.
    explicit Summary(size_t nrows) : nrows_(nrows) {}
    // Counts one call of `nr` by process `pid` (0 when tables are not per process).
    void add(pid_t pid, long nr, int64_t ns, bool failed);
    // Appends the table(s) to `out`, sorted as strace's -S.
    void print(OutBuf &out, SummarySort sort, const std::vector<SummaryColumn> &columns) const;
    static std::string table(const std::vector<SyscallCount> &rows, SummarySort sort,
                             const std::vector<SummaryColumn> &columns = default_summary_columns());

private:
    size_t nrows_;
    std::map<pid_t, std::vector<SyscallCount>> by_pid_;
    std::vector<SyscallCount> *last_ = nullptr;  // the row set used last (same process again)
    pid_t last_pid_ = -1;
};

}  // namespace wiretrace
