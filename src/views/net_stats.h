// --stats[=SECONDS]: the kernel's interface and TCP counters over each interval, as
// `sar -n DEV,EDEV,TCP,ETCP SECONDS` prints them (its tables, columns and names, an "Average:"
// set at the end); and --net-summary's counter deltas over the whole run, as `nstat` prints
// them. Both read the counters of one network namespace (the capture's).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "output/json_lines.h"
#include "views/net_counters.h"

namespace wiretrace {

// sar's four tables for the interval a -> b, each line starting with `label` (sar's time of
// day, or "Average:"); `header_label` starts the header lines (sar prints the interval's start
// there). `out` gets lines ending in '\n', tables separated by an empty line.
void sar_tables(const CounterSnapshot &a, const CounterSnapshot &b, const std::string &header_label,
                const std::string &label, std::string &out);
// The same interval as JSON members: its start and length, per interface the deltas and sar's
// rates, TCP's.
void stats_json(const CounterSnapshot &a, const CounterSnapshot &b, JsonObject &o);
// nstat's lines for a -> b: "#kernel", then every counter that moved, with its rate per second.
void nstat_lines(const CounterSnapshot &a, const CounterSnapshot &b, std::string &out);
// "HH:MM:SS" of a wall time, local time as sar prints it.
std::string sar_time(const timespec &t);

class NetStats {
public:
    // interval_ns 0: no periodic lines (only --net-summary's deltas). Throws FatalError.
    NetStats(const std::string &netns, int64_t interval_ns);
    // The baseline, taken before the command runs.
    void start();
    // Whether an interval is over at `now_ns` (CLOCK_MONOTONIC).
    bool due(int64_t now_ns) const { return interval_ns_ > 0 && started_ && now_ns >= next_ns_; }
    // The interval that just ended: sar's lines into `text`, or a "stats" object into `json`.
    // False when nothing can be read any more (said once by the caller).
    bool tick(std::string &text, OutBuf *json);
    // The end: the last, partial interval (when it lasted a tenth of the interval or more),
    // and sar's "Average:" tables over the whole run (JSON: a "stats_total" object).
    void finish(std::string &text, OutBuf *json);
    // --net-summary: nstat's view of the run (after finish()); JSON: a "kernel_counters" object.
    void summary(std::string &text, OutBuf *json);
    bool failed() const { return failed_; }

private:
    void interval(std::string &text, OutBuf *json);  // prev_ -> cur_, as tick() prints it
    NetCounters counters_;
    int64_t interval_ns_;
    int64_t next_ns_ = 0;
    bool started_ = false, failed_ = false;
    CounterSnapshot first_, prev_, cur_;
    std::string json_buf_;
};

}  // namespace wiretrace
