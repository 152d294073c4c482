#include "output/summary.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "syscalls/syscall_table.h"

namespace wiretrace {

void Summary::add(pid_t pid, long nr, int64_t ns, bool failed) {
    if (nr < 0 || static_cast<size_t>(nr) >= nrows_) return;
    if (!last_ || last_pid_ != pid) {
        auto &rows = by_pid_[pid];
        if (rows.empty()) rows.resize(nrows_);
        last_ = &rows;
        last_pid_ = pid;
    }
    SyscallCount &c = (*last_)[static_cast<size_t>(nr)];
    c.calls++;
    c.errors += failed;
    if (ns < 0) ns = 0;
    c.ns += ns;
    c.min_ns = std::min(c.min_ns, ns);
    c.max_ns = std::max(c.max_ns, ns);
}

std::string Summary::table(const std::vector<SyscallCount> &rows, SummarySort sort) {
    std::vector<size_t> order;
    uint64_t calls = 0, errors = 0;
    int64_t ns = 0;
    for (size_t nr = 0; nr < rows.size(); nr++) {
        if (!rows[nr].calls) continue;
        order.push_back(nr);
        calls += rows[nr].calls;
        errors += rows[nr].errors;
        ns += rows[nr].ns;
    }
    auto name_of = [](size_t nr) -> std::string {
        if (const SyscallInfo *s = syscall_by_nr(static_cast<long>(nr))) return std::string(s->name);
        char buf[32];
        std::snprintf(buf, sizeof buf, "syscall_%#zx", nr);
        return buf;
    };
    auto avg = [&](size_t nr) { return rows[nr].ns / static_cast<int64_t>(rows[nr].calls); };
    // strace sorts in place with ties left in syscall-number order
    auto by = [&](auto key) {
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) > key(b); });
    };
    switch (sort) {
        case SummarySort::Time:
            by([&](size_t n) { return rows[n].ns; });
            break;
        case SummarySort::MinTime:
            by([&](size_t n) { return rows[n].min_ns; });
            break;
        case SummarySort::MaxTime:
            by([&](size_t n) { return rows[n].max_ns; });
            break;
        case SummarySort::AvgTime:
            by(avg);
            break;
        case SummarySort::Calls:
            by([&](size_t n) { return rows[n].calls; });
            break;
        case SummarySort::Errors:
            by([&](size_t n) { return rows[n].errors; });
            break;
        case SummarySort::Name:
            std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return name_of(a) < name_of(b); });
            break;
        case SummarySort::Nothing:
            break;
    }
    std::string out;
    char line[256];
    const char *rule = "------ ----------- ----------- --------- --------- ----------------\n";
    std::snprintf(line, sizeof line, "%6.6s %11.11s %11.11s %9.9s %9.9s %s\n", "% time", "seconds", "usecs/call",
                  "calls", "errors", "syscall");
    out += line;
    out += rule;
    auto row = [&](double pct, int64_t t, uint64_t per_call, uint64_t n, uint64_t err, const std::string &name) {
        std::snprintf(line, sizeof line, "%6.2f %4lld.%06lld %11llu %9llu %9.llu %s\n", pct,
                      static_cast<long long>(t / 1000000000), static_cast<long long>(t % 1000000000 / 1000),
                      static_cast<unsigned long long>(per_call), static_cast<unsigned long long>(n),
                      static_cast<unsigned long long>(err), name.c_str());
        out += line;
    };
    for (size_t nr : order) {
        const SyscallCount &c = rows[nr];
        double pct = ns ? 100.0 * static_cast<double>(c.ns) / static_cast<double>(ns) : 0.0;
        row(pct, c.ns, static_cast<uint64_t>(c.ns / 1000) / c.calls, c.calls, c.errors, name_of(nr));
    }
    out += rule;
    row(100.0, ns, calls ? static_cast<uint64_t>(ns / 1000) / calls : 0, calls, errors, "total");
    return out;
}

void Summary::print(OutBuf &out, SummarySort sort) const {
    bool per_pid = by_pid_.size() > 1 || (by_pid_.size() == 1 && by_pid_.begin()->first != 0);
    if (by_pid_.empty()) {
        out.append(table(std::vector<SyscallCount>(nrows_), sort));
        return;
    }
    bool first = true;
    for (const auto &[pid, rows] : by_pid_) {
        if (per_pid) {
            char head[64];
            std::snprintf(head, sizeof head, "%sprocess %d\n", first ? "" : "\n", pid);
            out.append(head);
        }
        first = false;
        out.append(table(rows, sort));
    }
}

}  // namespace wiretrace
