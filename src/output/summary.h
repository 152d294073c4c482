// -c / -C: strace's summary table (time, seconds, usecs/call, calls, errors, syscall), and
// beyond strace, one table per process (--summary-per-pid). Counting is a few additions per
// call into arrays sized by the syscall table: no allocation on the hot path once a process
// has its row set.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "correlate/trace_events.h"
#include "output/outbuf.h"
#include "syscalls/trace_filter.h"

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

// -c as one of the tracer's consumers: each call the filter traces is counted from its entry to
// its exit, on the clock the events carry; a call that never returns is not counted.
class SummaryCounter : public TraceObserver {
public:
    SummaryCounter(Summary &summary, const TraceFilter &filter, bool per_pid, int64_t overhead_ns = 0)
        : summary_(summary), filter_(filter), per_pid_(per_pid), overhead_ns_(overhead_ns) {}
    bool wants(long nr) const override { return filter_.traced(nr); }
    void on_entry(const SyscallEvent &ev) override { started_[ev.tid] = ev.count_ns; }
    void on_exit(const SyscallEvent &ev) override;
    void on_task_gone(pid_t tid) override { started_.erase(tid); }

private:
    Summary &summary_;
    const TraceFilter &filter_;
    bool per_pid_;
    int64_t overhead_ns_;                         // -O
    std::unordered_map<pid_t, int64_t> started_;  // by task: the running call's start (-1: none)
};

}  // namespace wiretrace
